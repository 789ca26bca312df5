package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.daily.DayFinalizer;
import io.ledgerflow.core.daily.DayFinalizer.FinalizeRequest;
import io.ledgerflow.core.daily.DayFinalizer.Finalized;

/** Task {@code Finalize}: add the partitions up, check, publish the run atomically, purge the old one. */
public final class FinalizeDayHandler extends JsonHandler<FinalizeRequest, Finalized> {

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public FinalizeDayHandler() {
        this(null);
    }

    public FinalizeDayHandler(Collaborators collaborators) {
        super(FinalizeRequest.class);
        this.collaborators = collaborators;
    }

    @Override
    Finalized handle(FinalizeRequest event, Context context) {
        Collaborators c = collaborators != null ? collaborators : Collaborators.fromEnvironment();
        return DayFinalizer.of(c.service()).finalize(event);
    }
}
