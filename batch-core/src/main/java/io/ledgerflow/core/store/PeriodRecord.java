package io.ledgerflow.core.store;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/** A month's state and everything that happened to it, oldest first. */
public record PeriodRecord(YearMonth month, PeriodState state, List<PeriodEvent> history) {
    public PeriodRecord {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(state, "state");
        history = List.copyOf(history);
    }
}
