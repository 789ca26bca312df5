package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ledgerflow.core.daily.DayFinalizer;
import java.time.LocalDate;

/** Task {@code RecordFailure}: marks the run failed with the error and cause; the day's journal stays. */
public final class RecordRunFailureHandler extends JsonHandler<RecordRunFailureHandler.Failure, RecordRunFailureHandler.Failure> {

    /** The failed run and the error a Catch put at {@code $.failure}. */
    public record Failure(String runId, LocalDate businessDate, Error failure) {}

    /** Step Functions' error object. */
    public record Error(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public RecordRunFailureHandler() {
        this(null);
    }

    public RecordRunFailureHandler(Collaborators collaborators) {
        super(Failure.class);
        this.collaborators = collaborators;
    }

    @Override
    Failure handle(Failure event, Context context) {
        Collaborators c = collaborators != null ? collaborators : Collaborators.fromEnvironment();
        DayFinalizer.of(c.service()).recordFailure(event.businessDate(), event.runId(),
                event.failure().error() + ": " + event.failure().cause());
        return event;
    }
}
