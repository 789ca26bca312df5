package io.ledgerflow.core.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.store.PeriodState;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloseDeadlineTest {

    /** January 2026 in Japan: New Year's Day (Thu), the company's Jan 2 (Fri), Coming of Age Day (Mon 12th). */
    static final Set<LocalDate> HOLIDAYS = Set.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 12));

    @Test
    void deadline_countsWeekdaysLessHolidays() {
        CloseDeadline fifth = new CloseDeadline(5, HOLIDAYS);
        assertThat(fifth.deadlineIn(YearMonth.of(2026, 1))).isEqualTo(LocalDate.of(2026, 1, 9));
        assertThat(new CloseDeadline(6, HOLIDAYS).deadlineIn(YearMonth.of(2026, 1))).isEqualTo(LocalDate.of(2026, 1, 13));
        assertThat(new CloseDeadline(1, Set.of()).deadlineIn(YearMonth.of(2026, 8))).isEqualTo(LocalDate.of(2026, 8, 3));
    }

    @Test
    void lastMonth_isOverdueFromTheDeadlineOn_unlessExported() {
        CloseDeadline fifth = new CloseDeadline(5, HOLIDAYS);
        assertThat(fifth.check(LocalDate.of(2026, 1, 8), m -> PeriodState.CLOSED).overdue()).isFalse();
        CloseDeadline.Check onTheDay = fifth.check(LocalDate.of(2026, 1, 9), m -> PeriodState.CLOSED);
        assertThat(onTheDay.overdue()).isTrue();
        assertThat(onTheDay.month()).isEqualTo(YearMonth.of(2025, 12));
        assertThat(fifth.check(LocalDate.of(2026, 1, 20), m -> PeriodState.OPEN).overdue()).isTrue();
        assertThat(fifth.check(LocalDate.of(2026, 1, 20), m -> PeriodState.EXPORTED).overdue()).isFalse();
    }

    @Test
    void aDeadlinePastTheMonthsBusinessDays_isRefused() {
        assertThatThrownBy(() -> new CloseDeadline(0, Set.of())).hasMessageContaining("from 1 to 23");
        assertThatThrownBy(() -> new CloseDeadline(23, Set.of()).deadlineIn(YearMonth.of(2026, 2)))
                .hasMessageContaining("fewer than 23 business days");
    }
}
