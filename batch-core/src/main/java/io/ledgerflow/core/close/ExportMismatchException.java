package io.ledgerflow.core.close;

import io.ledgerflow.core.failure.BusinessFailureException;

/**
 * Thrown when the ledger already holds batches of a month whose content differs from the month's
 * summary and the month has no audited reopen after them: exporting would either return a stale
 * batch or post a difference nobody asked for.
 */
public final class ExportMismatchException extends BusinessFailureException {
    public ExportMismatchException(String message) {
        super(message);
    }
}
