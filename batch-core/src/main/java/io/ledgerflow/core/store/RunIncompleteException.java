package io.ledgerflow.core.store;

/** Thrown when a run's stored entries or summary do not match the counts and control totals it is published with. */
public final class RunIncompleteException extends JournalStoreException {
    public RunIncompleteException(String message) {
        super(message);
    }

    public RunIncompleteException(String message, Throwable cause) {
        super(message, cause);
    }
}
