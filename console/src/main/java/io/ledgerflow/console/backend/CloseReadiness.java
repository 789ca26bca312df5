package io.ledgerflow.console.backend;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Whether a month can be closed now, as the close checks it.
 *
 * @param state the month's state
 * @param blockers why not, in words (a day running or failed, the month not OPEN); empty when it can
 * @param daysWithoutRun days with no file (the close records them as days without a run)
 * @param daysMarkedNoFile days marked as having no file (accounted for)
 * @param daysUnaccounted business days (Monday to Friday) neither published nor marked as having no
 *     file: they block the close unless a closer proceeds with a reason (recorded)
 * @param attested whether CI stage 2 attested the running code
 * @param codeFingerprint the running code's fingerprint
 * @param exportBatches the month's export batches on record
 */
public record CloseReadiness(
        YearMonth month,
        String state,
        List<String> blockers,
        List<LocalDate> daysPublished,
        List<LocalDate> daysWithoutRun,
        List<LocalDate> daysMarkedNoFile,
        List<LocalDate> daysUnaccounted,
        boolean attested,
        String codeFingerprint,
        List<Long> exportBatches) {
    public CloseReadiness {
        blockers = List.copyOf(blockers);
        daysPublished = List.copyOf(daysPublished);
        daysWithoutRun = List.copyOf(daysWithoutRun);
        daysMarkedNoFile = List.copyOf(daysMarkedNoFile);
        daysUnaccounted = List.copyOf(daysUnaccounted);
        exportBatches = List.copyOf(exportBatches);
    }

    /** Ready: nothing blocks, and every business day is published or marked as having no file. */
    public boolean ready() {
        return blockers.isEmpty() && daysUnaccounted.isEmpty();
    }

    /** Nothing but unaccounted business days blocks: a closer may proceed with a reason. */
    public boolean closeableWithReason() {
        return blockers.isEmpty();
    }
}
