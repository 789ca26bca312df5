package io.ledgerflow.core.daily.start;

import io.ledgerflow.core.failure.BusinessFailureException;

/**
 * Thrown when the day's scheduled execution exists with another file, rules or settings (a second
 * file for a day that already ran): the trigger fails, its retries end in the dead-letter queue,
 * and a person replaces the day with {@code ledgerflow rerun}.
 */
public final class DayStartedWithOtherInputException extends BusinessFailureException {

    public DayStartedWithOtherInputException(String message) {
        super(message);
    }
}
