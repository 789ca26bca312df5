package io.ledgerflow.core.store;

/**
 * Where a run is in its life. STARTED → COMPLETED (it is the day's current run) → SUPERSEDED
 * (a later run replaced it) → PURGED (its entries deleted); STARTED → FAILED → PURGED for a run
 * that never became visible.
 */
public enum RunStatus {
    STARTED,
    COMPLETED,
    SUPERSEDED,
    FAILED,
    PURGED;

    /** Runs whose entries nobody reads any more. */
    public boolean purgeable() {
        return this == SUPERSEDED || this == FAILED;
    }
}
