package io.ledgerflow.core.close;

import io.ledgerflow.core.failure.BusinessFailureException;

/** A day's stored summary does not equal a re-aggregation of its current entries or its run's control totals. A business failure. */
public final class ReconciliationException extends BusinessFailureException {
    public ReconciliationException(String message) {
        super(message);
    }
}
