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
        boolean attested,
        String codeFingerprint,
        List<Long> exportBatches) {
    public CloseReadiness {
        blockers = List.copyOf(blockers);
        daysPublished = List.copyOf(daysPublished);
        daysWithoutRun = List.copyOf(daysWithoutRun);
        exportBatches = List.copyOf(exportBatches);
    }

    public boolean ready() {
        return blockers.isEmpty();
    }
}
