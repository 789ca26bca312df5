package io.ledgerflow.core.store;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A day as {@code ledgerflow status --month} and the finance console show it: its published run
 * (whose counts are the day's) and all its runs. One computation for both, so that they print the
 * same numbers.
 *
 * @param current the day's published run, if any
 * @param runs every run of the day, oldest first
 */
public record DayStatus(LocalDate date, Optional<RunRecord> current, List<RunRecord> runs) {

    public DayStatus {
        runs = runs.stream().sorted(Comparator.comparing(RunRecord::startedAt)).toList();
    }

    /** Every day of {@code month}, first to last, read from {@code store}. */
    public static List<DayStatus> ofMonth(JournalStore store, YearMonth month) {
        List<DayStatus> days = new ArrayList<>(month.lengthOfMonth());
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            days.add(of(store, day));
        }
        return days;
    }

    public static DayStatus of(JournalStore store, LocalDate date) {
        return new DayStatus(date, store.currentRun(date), store.runs(date));
    }

    /** The current run's counts (lines read, posted, quarantined; entries), or empty without one. */
    public Optional<RunCompletion> completion() {
        return current.map(RunRecord::completion);
    }

    /** Whether a run of the day is under way. */
    public boolean running() {
        return runs.stream().anyMatch(r -> r.status() == RunStatus.STARTED);
    }

    /** Whether the day's last run failed with no later success (it blocks the close). */
    public boolean failed() {
        if (runs.isEmpty()) {
            return false;
        }
        RunRecord last = runs.get(runs.size() - 1);
        return last.status() == RunStatus.FAILED || (last.status() == RunStatus.PURGED && last.failure() != null);
    }

    /** Runs after the day's first one (SKIPPED starts included: each was asked for). */
    public int reruns() {
        return Math.max(0, runs.size() - 1);
    }
}
