package io.ledgerflow.core.store;

import io.ledgerflow.core.failure.BusinessFailureException;

/** Thrown when a month cannot move to the requested state: it is in another state, or the step is not allowed. */
public final class PeriodTransitionException extends BusinessFailureException {
    public PeriodTransitionException(String message) {
        super(message);
    }

    public PeriodTransitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
