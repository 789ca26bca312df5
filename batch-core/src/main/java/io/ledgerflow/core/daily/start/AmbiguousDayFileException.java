package io.ledgerflow.core.daily.start;

import io.ledgerflow.core.failure.BusinessFailureException;

/** Thrown when more than one file is under the day's prefix: which one is the day's is a person's decision. */
public final class AmbiguousDayFileException extends BusinessFailureException {

    public AmbiguousDayFileException(String message) {
        super(message);
    }
}
