package io.ledgerflow.core.store;

/** Thrown when a run is not in the state an operation needs (unknown, already published, failed, another day). */
public final class RunStateException extends JournalStoreException {
    public RunStateException(String message) {
        super(message);
    }

    public RunStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
