package io.ledgerflow.console.backend;

import java.time.YearMonth;
import java.util.List;

/**
 * The month view's data.
 *
 * @param state OPEN, CLOSING, CLOSED or EXPORTED
 * @param days every day of the month, first to last
 * @param history the month's history, oldest first
 */
public record MonthView(YearMonth month, String state, List<DayRow> days, List<PeriodEventView> history) {
    public MonthView {
        days = List.copyOf(days);
        history = List.copyOf(history);
    }

    public long readTotal() {
        return days.stream().mapToLong(DayRow::read).sum();
    }

    public long postedTotal() {
        return days.stream().mapToLong(DayRow::posted).sum();
    }

    public long quarantinedTotal() {
        return days.stream().mapToLong(DayRow::quarantined).sum();
    }

    public long entriesTotal() {
        return days.stream().mapToLong(DayRow::entries).sum();
    }
}
