package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.store.PeriodState;
import java.time.YearMonth;

/** Tasks {@code MarkClosed} and {@code MarkExported}: one step of the month along CLOSING → CLOSED → EXPORTED. */
public final class AdvancePeriodHandler extends JsonHandler<AdvancePeriodHandler.Request, AdvancePeriodHandler.Advanced> {

    public record Request(YearMonth month, PeriodState from, PeriodState to, String requestedBy, String reason) {}

    public record Advanced(YearMonth month, PeriodState state) {}

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public AdvancePeriodHandler() {
        this(null);
    }

    public AdvancePeriodHandler(Collaborators collaborators) {
        super(Request.class);
        this.collaborators = collaborators;
    }

    @Override
    Advanced handle(Request event, Context context) {
        MonthClose close = (collaborators != null ? collaborators : Collaborators.fromEnvironment()).close();
        return new Advanced(event.month(), close.advance(event.month(), event.from(), event.to(), event.requestedBy(),
                event.reason() == null ? "" : event.reason()));
    }
}
