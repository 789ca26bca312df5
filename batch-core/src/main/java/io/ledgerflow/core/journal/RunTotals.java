package io.ledgerflow.core.journal;

import io.ledgerflow.core.billing.RejectReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * What a run read, posted and quarantined, by count and by amount per currency. Built by
 * {@link JournalRun#post}, which checks {@code read = posted + quarantined} before returning it.
 *
 * @param unpricedRejects quarantined lines whose amount could not be read (bad quantity, price or
 *     currency, or a malformed row); they count in every line count but in no amount
 */
public record RunTotals(
        long linesRead,
        long linesPosted,
        long linesQuarantined,
        long unpricedRejects,
        long invoicesPosted,
        long invoicesQuarantined,
        long entries,
        long journalLines,
        Map<RejectReason, Long> rejectsByReason,
        List<CurrencyTotals> currencies) {

    public RunTotals {
        rejectsByReason = Map.copyOf(rejectsByReason);
        currencies = List.copyOf(currencies);
    }

    /** Quarantined lines as a percentage of lines read, to two decimals (0 for an empty file). */
    public BigDecimal quarantinedPercent() {
        return percentOf(linesQuarantined, linesRead);
    }

    /** {@code part} as a percentage of {@code whole}, to two decimals (0 when whole is 0). */
    public static BigDecimal percentOf(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
