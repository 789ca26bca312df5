package io.ledgerflow.core.objectstore;

/** Thrown when the store cannot be read or written (I/O failure, bad bucket name or key). */
public class ObjectStoreException extends RuntimeException {
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
