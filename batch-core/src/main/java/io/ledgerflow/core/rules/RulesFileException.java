package io.ledgerflow.core.rules;

/** Thrown when a rules file cannot be read or breaks a rule of its format. */
public final class RulesFileException extends RuntimeException {
    public RulesFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
