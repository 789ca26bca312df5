package io.ledgerflow.core.store;

/**
 * Where a run is in its life. STARTED → COMPLETED (it is the day's current run) → SUPERSEDED
 * (a later run replaced it) → PURGED (its entries deleted); STARTED → FAILED → PURGED for a run
 * that never became visible. SKIPPED: a day's run started with the very file the day's published
 * run carries; it writes nothing and is kept for the record.
 */
public enum RunStatus {
    STARTED,
    COMPLETED,
    SUPERSEDED,
    FAILED,
    PURGED,
    SKIPPED;

    /** Runs whose entries nobody reads any more. */
    public boolean purgeable() {
        return this == SUPERSEDED || this == FAILED;
    }
}
