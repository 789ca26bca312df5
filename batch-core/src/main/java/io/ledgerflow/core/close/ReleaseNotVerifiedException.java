package io.ledgerflow.core.close;

import io.ledgerflow.core.failure.BusinessFailureException;

/** The running code has no passing CI stage-2 attestation, and nobody said to proceed without one. A business failure. */
public final class ReleaseNotVerifiedException extends BusinessFailureException {
    public ReleaseNotVerifiedException(String message) {
        super(message);
    }
}
