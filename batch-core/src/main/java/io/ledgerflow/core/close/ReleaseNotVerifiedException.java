package io.ledgerflow.core.close;

/** The running code has no passing CI stage-2 attestation, and nobody said to proceed without one. A business failure. */
public final class ReleaseNotVerifiedException extends RuntimeException {
    public ReleaseNotVerifiedException(String message) {
        super(message);
    }
}
