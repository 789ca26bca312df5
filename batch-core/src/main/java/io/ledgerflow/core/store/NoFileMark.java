package io.ledgerflow.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The recorded fact that a business day has no billing file: who said so, when and why. The month's
 * close readiness counts a marked day as accounted for, like a published one; a run published for
 * the day later outranks the mark ({@link NoFileRules#inForce}).
 */
public record NoFileMark(LocalDate date, String by, String reason, Instant at) {
    public NoFileMark {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
