package io.ledgerflow.core.store;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A day as {@code ledgerflow status --month} and the finance console show it: its published run
 * (whose counts are the day's), all its runs, and its no-file mark. One computation for both, so
 * that they print the same numbers.
 *
 * @param current the day's published run, if any
 * @param runs every run of the day, oldest first
 * @param noFile the day's no-file mark as stored, and its history
 */
public record DayStatus(LocalDate date, Optional<RunRecord> current, List<RunRecord> runs, NoFileRecord noFile) {

    public DayStatus {
        runs = runs.stream().sorted(Comparator.comparing(RunRecord::startedAt)).toList();
    }

    /** A day never marked as having no file. */
    public DayStatus(LocalDate date, Optional<RunRecord> current, List<RunRecord> runs) {
        this(date, current, runs, NoFileRecord.none(date));
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
        return new DayStatus(date, store.currentRun(date), store.runs(date), store.noFile(date));
    }

    /** The day's no-file mark if it counts: none once a run is published for the day. */
    public Optional<NoFileMark> markedNoFile() {
        return NoFileRules.inForce(noFile.mark(), current);
    }

    /**
     * Whether the close can account for the day: it has a published run, or is marked as having no
     * file. (Running and failed days block the close on their own, {@code MonthClose.blockingRun}.)
     */
    public boolean accountedFor() {
        return current.isPresent() || markedNoFile().isPresent();
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
