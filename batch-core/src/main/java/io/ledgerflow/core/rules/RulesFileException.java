package io.ledgerflow.core.rules;

import io.ledgerflow.core.failure.BadInputException;

/** Thrown when a rules file cannot be read or breaks a rule of its format. */
public final class RulesFileException extends BadInputException {
    public RulesFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
