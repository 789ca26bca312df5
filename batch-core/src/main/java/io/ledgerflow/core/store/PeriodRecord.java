package io.ledgerflow.core.store;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * A month's state and everything that happened to it, oldest first.
 *
 * @param exportBatches the ledger's export batches of the month that the month has on record, in
 *     ascending order: a month with any is in the general ledger, and a later close of it (after an
 *     audited reopen) exports only the difference
 */
public record PeriodRecord(YearMonth month, PeriodState state, List<PeriodEvent> history, List<Long> exportBatches) {
    public PeriodRecord {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(state, "state");
        history = List.copyOf(history);
        exportBatches = exportBatches.stream().sorted().distinct().toList();
    }

    /** A month with no export on record. */
    public PeriodRecord(YearMonth month, PeriodState state, List<PeriodEvent> history) {
        this(month, state, history, List.of());
    }

    /** True once an export batch of the month is on record: the general ledger holds it. */
    public boolean exported() {
        return !exportBatches.isEmpty();
    }
}
