package io.ledgerflow.core.journal.csv;

import io.ledgerflow.core.csv.CsvText;

import io.ledgerflow.core.billing.Reject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Writes DESIGN's canonical rejects file: {@code line_number,billing_id,invoice_id,reason}. */
public final class RejectsCsvWriter {

    public static final String HEADER = "line_number,billing_id,invoice_id,reason";

    private RejectsCsvWriter() {}

    /** Writes the header and the rejects, which the caller gives sorted by line number. */
    public static void write(Writer out, Iterable<Reject> rejects) {
        StringBuilder row = new StringBuilder(HEADER).append('\n');
        try {
            for (Reject reject : rejects) {
                row.append(reject.lineNumber()).append(',');
                CsvText.appendField(row, reject.billingId());
                row.append(',');
                CsvText.appendField(row, reject.invoiceId());
                row.append(',').append(reject.reason().name()).append('\n');
                if (row.length() > 64 * 1024) {
                    out.append(row);
                    row.setLength(0);
                }
            }
            out.append(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
