package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.daily.DailyJournalService.PrepareRequest;
import io.ledgerflow.core.daily.DailyJournalService.Prepared;

/** Task {@code Prepare}: check the period, split the day's file into partitions, register the run. */
public final class PrepareDayHandler extends JsonHandler<PrepareRequest, Prepared> {

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public PrepareDayHandler() {
        this(null);
    }

    public PrepareDayHandler(Collaborators collaborators) {
        super(PrepareRequest.class);
        this.collaborators = collaborators;
    }

    @Override
    Prepared handle(PrepareRequest event, Context context) {
        Collaborators c = collaborators != null ? collaborators : Collaborators.fromEnvironment();
        return c.service().prepare(event, c.progress());
    }
}
