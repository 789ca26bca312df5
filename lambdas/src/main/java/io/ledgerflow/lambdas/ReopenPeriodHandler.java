package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.store.PeriodState;
import java.time.YearMonth;

/** Task {@code RecordFailure}: after a failed close, the month returns to OPEN with the reason (nothing is half-exported: the export is one transaction). */
public final class ReopenPeriodHandler extends JsonHandler<ReopenPeriodHandler.Request, ReopenPeriodHandler.Reopened> {

    /** The month and the error a Catch put at {@code $.failure}. */
    public record Request(YearMonth month, String requestedBy, Error failure) {}

    /** Step Functions' error object. */
    public record Error(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}

    public record Reopened(YearMonth month, PeriodState state) {}

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public ReopenPeriodHandler() {
        this(null);
    }

    public ReopenPeriodHandler(Collaborators collaborators) {
        super(Request.class);
        this.collaborators = collaborators;
    }

    @Override
    Reopened handle(Request event, Context context) {
        MonthClose close = (collaborators != null ? collaborators : Collaborators.fromEnvironment()).close();
        String failure = event.failure() == null ? "unknown" : event.failure().error() + ": " + event.failure().cause();
        return new Reopened(event.month(), close.recordFailure(event.month(), event.requestedBy(), failure));
    }
}
