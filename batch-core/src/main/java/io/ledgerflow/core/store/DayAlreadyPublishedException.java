package io.ledgerflow.core.store;

import io.ledgerflow.core.failure.BusinessFailureException;
import java.time.LocalDate;

/** Thrown when a day's run (not a rerun) is started for a day that already has a published run with another file. */
public final class DayAlreadyPublishedException extends BusinessFailureException {
    public DayAlreadyPublishedException(LocalDate date, String runId, RunRecord current) {
        super("run " + runId + " for " + date + " refused: the day already has published run " + current.runId()
                + " (requested by " + current.requestedBy() + ") with another input file; a published day is replaced"
                + " only by an audited rerun: 'ledgerflow rerun --date " + date
                + " --input FILE --reason TEXT'");
    }
}
