package io.ledgerflow.core.daily;

import io.ledgerflow.core.failure.InfrastructureException;

/** Thrown when a purge or sweep after a publish still had items to delete after its last allowed round. */
public final class CleanupIncompleteException extends InfrastructureException {

    private final long deleted;

    public CleanupIncompleteException(String message, long deleted) {
        super(message);
        this.deleted = deleted;
    }

    /** Items deleted before the limit stopped it. */
    public long deleted() {
        return deleted;
    }
}
