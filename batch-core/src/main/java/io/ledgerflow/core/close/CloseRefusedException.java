package io.ledgerflow.core.close;

import io.ledgerflow.core.failure.BusinessFailureException;

/** The month cannot be locked for closing: a day has a run that is running, or failed with no later success; or the month is not in a state to close. A business failure. */
public final class CloseRefusedException extends BusinessFailureException {
    public CloseRefusedException(String message) {
        super(message);
    }
}
