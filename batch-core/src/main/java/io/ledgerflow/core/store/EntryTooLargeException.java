package io.ledgerflow.core.store;

/** Thrown when one journal entry is larger than the store can keep as a single item. */
public final class EntryTooLargeException extends JournalStoreException {
    public EntryTooLargeException(String message) {
        super(message);
    }

    public EntryTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
