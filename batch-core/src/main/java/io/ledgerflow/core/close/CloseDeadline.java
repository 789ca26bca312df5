package io.ledgerflow.core.close;

import io.ledgerflow.core.store.PeriodState;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * When a month must have been exported: by the {@code businessDay}-th business day of the next
 * month (Monday to Friday, less the holidays given; the calendar is configuration, not code).
 * Pure: the caller gives today, in the business time zone, and the month's state.
 *
 * @param businessDay which business day of the next month is the deadline, 1 to {@value #BUSINESS_DAY_MAX}
 * @param holidays    days that are not business days (national holidays, the company's closing days)
 */
public record CloseDeadline(int businessDay, Set<LocalDate> holidays) {

    /** No month has more business days than this. */
    public static final int BUSINESS_DAY_MAX = 23;

    public CloseDeadline {
        if (businessDay < 1 || businessDay > BUSINESS_DAY_MAX) {
            throw new IllegalArgumentException("the close deadline is a business day from 1 to " + BUSINESS_DAY_MAX
                    + ", not " + businessDay);
        }
        holidays = Set.copyOf(holidays);
    }

    /**
     * What the check found.
     *
     * @param month    the month whose deadline has passed (the one before today's)
     * @param deadline its deadline
     * @param state    its state now
     * @param overdue  true when the deadline has passed and the month is not EXPORTED
     */
    public record Check(YearMonth month, LocalDate deadline, PeriodState state, boolean overdue) {}

    /** The business day this deadline names in {@code month}. */
    public LocalDate deadlineIn(YearMonth month) {
        int counted = 0;
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            if (isBusinessDay(day) && ++counted == businessDay) {
                return day;
            }
        }
        throw new IllegalArgumentException(month + " has fewer than " + businessDay + " business days");
    }

    public boolean isBusinessDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /** Checks last month against this month's deadline; before it, nothing is overdue yet. */
    public Check check(LocalDate today, Function<YearMonth, PeriodState> stateOf) {
        Objects.requireNonNull(today, "today");
        YearMonth month = YearMonth.from(today).minusMonths(1);
        LocalDate deadline = deadlineIn(YearMonth.from(today));
        PeriodState state = stateOf.apply(month);
        return new Check(month, deadline, state, !today.isBefore(deadline) && state != PeriodState.EXPORTED);
    }
}
