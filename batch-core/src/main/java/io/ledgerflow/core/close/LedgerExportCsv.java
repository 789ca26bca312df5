package io.ledgerflow.core.close;

import io.ledgerflow.core.csv.CsvText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/** DESIGN's canonical ledger export CSV; the side a row does not use is empty, as on a journal line. */
public final class LedgerExportCsv {

    public static final String HEADER =
            "period,accounting_date,currency,account,department,tax_code,entered_dr,entered_cr";

    private LedgerExportCsv() {}

    /** Writes the lines, header first, in {@link LedgerLine#ORDER} whatever order they come in. */
    public static void write(List<LedgerLine> lines, Writer out) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (LedgerLine line : lines.stream().sorted(LedgerLine.ORDER).toList()) {
            text.append(line.period()).append(',').append(line.accountingDate()).append(',')
                    .append(line.currency().code()).append(',');
            CsvText.appendField(text, line.account());
            text.append(',');
            CsvText.appendField(text, line.department());
            text.append(',');
            CsvText.appendField(text, line.taxCode());
            // The unused side is empty, as on a journal line.
            text.append(',').append(line.enteredDr().isZero() ? "" : line.enteredDr().toPlainString()).append(',')
                    .append(line.enteredCr().isZero() ? "" : line.enteredCr().toPlainString()).append('\n');
        }
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
