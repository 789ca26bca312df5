package io.ledgerflow.core.journal;

import io.ledgerflow.core.failure.BusinessFailureException;

/**
 * Thrown when an accounting invariant does not hold (an unbalanced entry, run totals that differ
 * from the sum of entries, read != posted + quarantined). Always a defect, never bad input.
 */
public final class InvariantViolationException extends BusinessFailureException {
    public InvariantViolationException(String message) {
        super(message);
    }
}
