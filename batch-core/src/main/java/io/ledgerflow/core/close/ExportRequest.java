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
 */
public record ExportRequest(
        YearMonth month, List<LedgerLine> lines, String company, String codeFingerprint, String requestedBy) {
    public ExportRequest {
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
