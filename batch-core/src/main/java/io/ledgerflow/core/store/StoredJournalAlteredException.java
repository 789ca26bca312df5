package io.ledgerflow.core.store;

/**
 * Thrown when a published day's stored entries or summary are no longer what was recorded when its
 * run was published: an item lost, added, or changed after the publish.
 */
public final class StoredJournalAlteredException extends JournalStoreException {
    public StoredJournalAlteredException(String message) {
        super(message);
    }
}
