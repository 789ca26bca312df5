package io.ledgerflow.core.journal.csv;

import io.ledgerflow.core.csv.CsvText;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalLine;
import io.ledgerflow.core.journal.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes DESIGN's canonical journal: one row per journal line, amounts at the currency's minor
 * digits in the debit or the credit column (the other left empty), {@code \n} line ends. The
 * caller hands entries in {@code invoice_id} order.
 */
public final class JournalCsvWriter {

    public static final String HEADER =
            "entry_id,business_date,invoice_id,line_no,account,department,tax_code,debit,credit,currency,billing_id";

    private final Writer out;
    private final StringBuilder row = new StringBuilder(160);

    /** Writes the header row at once. */
    public JournalCsvWriter(Writer out) {
        this.out = out;
        write(HEADER + "\n");
    }

    public void write(JournalEntry entry) {
        String date = entry.businessDate().toString();
        String currency = entry.currency().code();
        for (JournalLine line : entry.lines()) {
            row.setLength(0);
            CsvText.appendField(row, entry.entryId());
            row.append(',').append(date).append(',');
            CsvText.appendField(row, entry.invoiceId());
            row.append(',').append(line.lineNo()).append(',');
            CsvText.appendField(row, line.account());
            row.append(',');
            CsvText.appendField(row, entry.department());
            row.append(',');
            CsvText.appendField(row, line.taxCode() == null ? "" : line.taxCode());
            row.append(',');
            String amount = line.amount().toPlainString();
            row.append(line.side() == Side.DEBIT ? amount : "").append(',');
            row.append(line.side() == Side.CREDIT ? amount : "").append(',');
            row.append(currency).append(',');
            CsvText.appendField(row, line.billingId() == null ? "" : line.billingId());
            row.append('\n');
            write(row);
        }
    }

    private void write(CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
