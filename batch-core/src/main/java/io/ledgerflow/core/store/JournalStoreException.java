package io.ledgerflow.core.store;

/** Base of the store's failures: the message says what happened and to which day, run or month. */
public class JournalStoreException extends RuntimeException {
    public JournalStoreException(String message) {
        super(message);
    }

    public JournalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
