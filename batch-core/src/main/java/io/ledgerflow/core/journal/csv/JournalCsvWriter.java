package io.ledgerflow.core.journal.csv;

import io.ledgerflow.core.csv.CsvText;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalLine;
import io.ledgerflow.core.journal.Side;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.io.Writer;
import java.util.List;
import io.ledgerflow.core.journal.CanonicalCsvSink;

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
        row.setLength(0);
        appendRows(row, entry);
        write(row);
    }

    /**
     * This writer as a journal sink: rows are formatted on the posting threads. It is a
     * {@link CanonicalCsvSink}, so {@code JournalRun} formats most rows itself, in the same format.
     */
    public CanonicalCsvSink<String> sink() {
        return new CanonicalCsvSink<>() {
            @Override
            public void appendRows(StringBuilder rows, JournalEntry entry) {
                JournalCsvWriter.appendRows(rows, entry);
            }

            @Override
            public String prepareRows(StringBuilder rows) {
                return rows.toString();
            }

            @Override
            public void accept(String text) {
                write(text);
            }
        };
    }

    /**
     * The canonical journal as UTF-8 bytes on {@code out}: writes the header row at once, then
     * each chunk of rows as {@code JournalRun#post} hands it over, encoded on the posting threads
     * (the writing thread only copies bytes). The caller buffers and closes {@code out}.
     */
    public static CanonicalCsvSink<ByteBuffer> utf8Sink(OutputStream out) {
        writeBytes(out, ByteBuffer.wrap((HEADER + "\n").getBytes(StandardCharsets.UTF_8)));
        return new CanonicalCsvSink<>() {
            @Override
            public void appendRows(StringBuilder rows, JournalEntry entry) {
                JournalCsvWriter.appendRows(rows, entry);
            }

            @Override
            public ByteBuffer prepareRows(StringBuilder rows) {
                return ByteBuffer.wrap(rows.toString().getBytes(StandardCharsets.UTF_8));
            }

            /** Rows written as UTF-8 already: written as they are (in accept, before the array is reused). */
            @Override
            public ByteBuffer prepareUtf8Rows(byte[] rows, int length) {
                return ByteBuffer.wrap(rows, 0, length);
            }

            @Override
            public void accept(ByteBuffer bytes) {
                writeBytes(out, bytes);
            }
        };
    }

    private static void writeBytes(OutputStream out, ByteBuffer bytes) {
        try {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rows of one entry. Ids (entry, invoice, department, billing) are pattern-checked on input
     * and need no quoting; accounts and tax codes come from the rules file and are quoted if needed.
     */
    static void appendRows(StringBuilder row, JournalEntry entry) {
        String date = entry.businessDate().toString();
        String currency = entry.currency().code();
        for (JournalLine line : entry.lines()) {
            row.append(entry.entryId()).append(',').append(date).append(',').append(entry.invoiceId()).append(',')
                    .append(line.lineNo()).append(',');
            CsvText.appendField(row, line.account());
            row.append(',').append(entry.department()).append(',');
            if (line.taxCode() != null) {
                CsvText.appendField(row, line.taxCode());
            }
            row.append(',');
            String amount = line.amount().toPlainString();
            row.append(line.side() == Side.DEBIT ? amount : "").append(',');
            row.append(line.side() == Side.CREDIT ? amount : "").append(',');
            row.append(currency).append(',');
            if (line.billingId() != null) {
                row.append(line.billingId());
            }
            row.append('\n');
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
