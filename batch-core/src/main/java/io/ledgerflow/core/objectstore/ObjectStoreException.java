package io.ledgerflow.core.objectstore;

import io.ledgerflow.core.failure.InfrastructureException;

/** Thrown when the store cannot be read or written (I/O failure, bad bucket name or key). */
public class ObjectStoreException extends InfrastructureException {
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
