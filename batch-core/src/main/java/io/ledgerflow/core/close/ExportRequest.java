package io.ledgerflow.core.close;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * What the month-end export writes: the month's ledger lines under one batch.
 *
 * @param company the company segment of every line
 * @param codeFingerprint the calculation code that produced the lines (see {@link CodeFingerprint})
 * @param requestedBy who closed the month
 * @param acknowledgedBatches the month's export batches on record (see
 *     {@link io.ledgerflow.core.store.PeriodRecord#exportBatches}): when the ledger holds only these
 *     and the month's lines differ from them, the month was reopened after them (audited) and the
 *     difference is exported as an adjustment; a batch not on record with other content is refused
 */
public record ExportRequest(
        YearMonth month, List<LedgerLine> lines, String company, String codeFingerprint, String requestedBy,
        List<Long> acknowledgedBatches) {

    /** The request of a month with no export on record. */
    public ExportRequest(YearMonth month, List<LedgerLine> lines, String company, String codeFingerprint, String requestedBy) {
        this(month, lines, company, codeFingerprint, requestedBy, List.of());
    }

    public ExportRequest {
        acknowledgedBatches = List.copyOf(acknowledgedBatches);
        Objects.requireNonNull(month, "month");
        lines = List.copyOf(lines);
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(codeFingerprint, "codeFingerprint");
        Objects.requireNonNull(requestedBy, "requestedBy");
        for (LedgerLine line : lines) {
            if (!line.period().equals(month)) {
                throw new IllegalArgumentException("line of " + line.period() + " in the export of " + month);
            }
        }
    }
}
