package io.ledgerflow.core.store;

import io.ledgerflow.core.failure.BusinessFailureException;

import java.time.LocalDate;

/** Thrown when a run cannot publish because another run for the same day published first. */
public final class ConcurrentRunException extends BusinessFailureException {
    public ConcurrentRunException(LocalDate date, String runId, String expectedRunId, String actualRunId) {
        super("run " + runId + " for " + date + " was not published: it began over "
                + (expectedRunId == null ? "no run" : "run " + expectedRunId) + ", but run " + actualRunId
                + " has been published since; this run is marked FAILED, start a new run to replace " + actualRunId);
    }
}
