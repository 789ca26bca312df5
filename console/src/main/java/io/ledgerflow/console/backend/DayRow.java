package io.ledgerflow.console.backend;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One day of the month view. Counts are the current run's ({@code status --month} prints the same);
 * zero when the day has no published run.
 *
 * @param currentRunId the published run, or null
 * @param quarantinedAmounts the quarantined lines' amounts per currency (empty when not known)
 * @param quarantinedByReason quarantined lines per reject reason code
 * @param reruns runs of the day after its first one
 * @param running the running job's progress, or null
 * @param noFile the day's no-file mark in force (state {@link DayState#NO_FILE_MARKED}), or null
 */
public record DayRow(
        LocalDate date,
        DayState state,
        String currentRunId,
        long read,
        long posted,
        long quarantined,
        List<Amount> quarantinedAmounts,
        Map<String, Long> quarantinedByReason,
        long entries,
        int reruns,
        JobView running,
        NoFileView noFile) {
    public DayRow {
        quarantinedAmounts = List.copyOf(quarantinedAmounts);
        quarantinedByReason = Map.copyOf(quarantinedByReason);
    }
}
