package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.store.PeriodState;
import java.time.YearMonth;

/**
 * Tasks {@code MarkClosed} and {@code MarkExported}: one step of the month along CLOSING → CLOSED →
 * EXPORTED; MarkExported puts the ledger's batch on the month's record.
 */
public final class AdvancePeriodHandler extends JsonHandler<AdvancePeriodHandler.Request, AdvancePeriodHandler.Advanced> {

    /** @param batchId the export batch (MarkExported); null for MarkClosed */
    public record Request(YearMonth month, PeriodState from, PeriodState to, String requestedBy, String reason,
            Long batchId) {}

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
        String reason = event.reason() == null ? "" : event.reason();
        if (event.to() == PeriodState.EXPORTED && event.batchId() != null) {
            return new Advanced(event.month(), close.markExported(event.month(), event.batchId(), event.requestedBy(), reason));
        }
        return new Advanced(event.month(), close.advance(event.month(), event.from(), event.to(), event.requestedBy(), reason));
    }
}
