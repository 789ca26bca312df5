package io.ledgerflow.core.journal;

/**
 * Thrown when an accounting invariant does not hold (an unbalanced entry, run totals that differ
 * from the sum of entries, read != posted + quarantined). Always a defect, never bad input.
 */
public final class InvariantViolationException extends IllegalStateException {
    public InvariantViolationException(String message) {
        super(message);
    }
}
