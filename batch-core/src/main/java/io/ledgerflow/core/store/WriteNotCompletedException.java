package io.ledgerflow.core.store;

import java.util.List;

/**
 * Thrown when a batch write still has unwritten items after its bounded attempts; names them. The
 * run is not published, so nothing half-written is visible; writing again is safe (idempotent).
 */
public final class WriteNotCompletedException extends JournalStoreException {

    /** Keys listed in the message at most; the rest are counted. */
    public static final int KEYS_LISTED_MAX = 10;

    private final List<String> unwrittenKeys;

    public WriteNotCompletedException(String what, List<String> unwrittenKeys, int attempts, Throwable lastError) {
        super(what + ": " + unwrittenKeys.size() + " item(s) not written after " + attempts + " attempts: "
                + listed(unwrittenKeys) + (lastError == null ? "" : "; last error: " + lastError.getMessage()), lastError);
        this.unwrittenKeys = List.copyOf(unwrittenKeys);
    }

    public List<String> unwrittenKeys() {
        return unwrittenKeys;
    }

    private static String listed(List<String> keys) {
        if (keys.size() <= KEYS_LISTED_MAX) {
            return String.join(", ", keys);
        }
        return String.join(", ", keys.subList(0, KEYS_LISTED_MAX)) + " and " + (keys.size() - KEYS_LISTED_MAX) + " more";
    }
}
