package io.ledgerflow.cli;

import io.ledgerflow.core.failure.InfrastructureException;

/** Thrown when {@code --target aws} cannot learn the caller's AWS identity (STS GetCallerIdentity failed): nothing is started. */
final class CallerUnknownException extends InfrastructureException {

    CallerUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
