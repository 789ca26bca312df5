package io.ledgerflow.core.billing;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import java.util.Arrays;

/** Builds {@link BillingRow}s straight from FastCSV's parser, without an intermediate list. */
final class BillingRowHandler extends AbstractBaseCsvCallbackHandler<BillingRow> {

    /** Fields per record held before the row is cut off; far above any sane billing file. */
    private static final int FIELDS_MAX = 1_024;
    /** Stands for the text of a skipped, non-empty field. */
    static final String SKIPPED = "(not read)";

    private String[] fields = new String[16];
    private int count;
    /**
     * Per column, the last field's text and its String. Most columns repeat from one line to the
     * next (the business date, codes, the invoice of consecutive lines): their String is reused
     * instead of made again. That spares the parsing thread a String per such field (the copy from
     * chars to the String's bytes was a third of its time), the collector millions of young
     * objects, and the checks that follow a character comparison (String.equals answers at once
     * for the same object).
     */
    private char[][] lastChars = new char[16][];
    private String[] lastStrings = new String[16];
    /** Fields longer than this are not kept for reuse: billing fields are short. */
    private static final int REUSED_CHARS_MAX = 64;
    /** Columns whose text nobody reads (set once the header is known): kept as "" to spare the heap. */
    private boolean[] skipped = new boolean[0];

    void skipColumns(boolean[] columns) {
        this.skipped = columns.clone();
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
        count = 0;
    }

    @Override
    protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
        if (count == FIELDS_MAX) {
            return; // the row is malformed anyway; keep memory bounded
        }
        if (count == fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
            lastChars = Arrays.copyOf(lastChars, fields.length);
            lastStrings = Arrays.copyOf(lastStrings, fields.length);
        }
        fields[count] = count < skipped.length && skipped[count] && len > 0 ? SKIPPED : text(count, buf, offset, len);
        count++;
    }

    /** The field's text: the column's last String when the characters are the same. */
    private String text(int column, char[] buf, int offset, int len) {
        char[] last = lastChars[column];
        if (last != null && sameChars(last, buf, offset, len)) {
            return lastStrings[column];
        }
        String text = new String(buf, offset, len);
        if (len <= REUSED_CHARS_MAX) {
            if (last == null || last.length != len) {
                last = new char[len];
                lastChars[column] = last;
            }
            System.arraycopy(buf, offset, last, 0, len);
            lastStrings[column] = text;
        }
        return text;
    }

    /** Compares from the end: ids that differ (billing ids, numbered invoices) differ in their last characters. */
    private static boolean sameChars(char[] last, char[] buf, int offset, int len) {
        if (last.length != len) {
            return false;
        }
        for (int i = len - 1; i >= 0; i--) {
            if (last[i] != buf[offset + i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected BillingRow buildRecord() {
        return new BillingRow(getStartingLineNumber(), Arrays.copyOf(fields, count));
    }
}
