package io.ledgerflow.core.close;

import io.ledgerflow.core.failure.BusinessFailureException;

/**
 * A day's stored journal is not what its publish recorded, or its summary does not equal its current
 * entries or its run's control totals. A business failure.
 */
public final class ReconciliationException extends BusinessFailureException {
    public ReconciliationException(String message) {
        super(message);
    }
}
