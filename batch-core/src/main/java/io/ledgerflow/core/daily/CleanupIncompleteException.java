package io.ledgerflow.core.daily;

import io.ledgerflow.core.failure.InfrastructureException;

/** Thrown when a purge or sweep after a publish still had items to delete after its last allowed round. */
public final class CleanupIncompleteException extends InfrastructureException {
    public CleanupIncompleteException(String message) {
        super(message);
    }
}
