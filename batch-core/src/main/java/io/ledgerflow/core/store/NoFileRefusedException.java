package io.ledgerflow.core.store;

import io.ledgerflow.core.failure.BusinessFailureException;

/**
 * Thrown when a day cannot be marked as having no file (it has a published run, or is marked
 * already) or cannot be unmarked (it is not marked). A month that is not OPEN is refused with
 * {@link PeriodNotOpenException} instead.
 */
public final class NoFileRefusedException extends BusinessFailureException {
    public NoFileRefusedException(String message) {
        super(message);
    }
}
