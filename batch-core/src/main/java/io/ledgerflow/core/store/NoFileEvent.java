package io.ledgerflow.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One change of a day's no-file mark, kept for audit: marked (with why) or unmarked (with why).
 *
 * @param marked true: the day was marked as having no file; false: the mark was taken back
 */
public record NoFileEvent(Instant at, LocalDate date, boolean marked, String by, String reason) {
    public NoFileEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
    }

    /** The machine name of what happened: {@code NO_FILE} or {@code NO_FILE_UNMARKED}. */
    public String action() {
        return marked ? "NO_FILE" : "NO_FILE_UNMARKED";
    }
}
