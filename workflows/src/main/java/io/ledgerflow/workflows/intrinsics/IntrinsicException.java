package io.ledgerflow.workflows.intrinsics;

/** Thrown when an intrinsic call is malformed or misused (AWS error States.IntrinsicFailure). */
public final class IntrinsicException extends RuntimeException {
    public IntrinsicException(String message) {
        super(message);
    }
}
