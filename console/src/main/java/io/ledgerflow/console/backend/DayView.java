package io.ledgerflow.console.backend;

import java.time.LocalDate;
import java.util.List;

/**
 * The day view's data.
 *
 * @param monthState the month's state (a rerun is refused unless OPEN)
 * @param runs every run of the day, newest first
 * @param read lines read by the current run (0 without one); read = posted + quarantined
 * @param reconciliation per currency, of the current run (empty without one)
 * @param rejects the current run's quarantined lines (at most the backend's limit; {@code rejectsTotal} says how many in all)
 * @param trialBalance the day's trial balance (what {@code trial-balance --date} prints)
 * @param running the job running on the day, or null
 * @param noFile the day's no-file mark in force (state {@link DayState#NO_FILE_MARKED}), or null
 */
public record DayView(
        LocalDate date,
        String monthState,
        DayState state,
        List<RunView> runs,
        long read,
        long posted,
        long quarantined,
        long entries,
        List<Reconciliation> reconciliation,
        List<RejectRow> rejects,
        long rejectsTotal,
        List<TrialBalanceRow> trialBalance,
        JobView running,
        NoFileView noFile) {
    public DayView {
        runs = List.copyOf(runs);
        reconciliation = List.copyOf(reconciliation);
        rejects = List.copyOf(rejects);
        trialBalance = List.copyOf(trialBalance);
    }

    /** Whether an operator may mark the day as having no file now (the store decides again). */
    public boolean markable() {
        return monthState.equals("OPEN") && current().isEmpty() && noFile == null && state != DayState.RUNNING;
    }

    /** The published run, if any. */
    public java.util.Optional<RunView> current() {
        return runs.stream().filter(RunView::current).findFirst();
    }
}
