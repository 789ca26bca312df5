package io.ledgerflow.core.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A day's no-file mark as stored, and every change of it, oldest first. The mark is the stored
 * one: whether it still counts depends on the day's runs ({@link NoFileRules#inForce}).
 */
public record NoFileRecord(LocalDate date, Optional<NoFileMark> mark, List<NoFileEvent> history) {
    public NoFileRecord {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(mark, "mark");
        history = List.copyOf(history);
    }

    /** A day that was never marked. */
    public static NoFileRecord none(LocalDate date) {
        return new NoFileRecord(date, Optional.empty(), List.of());
    }
}
