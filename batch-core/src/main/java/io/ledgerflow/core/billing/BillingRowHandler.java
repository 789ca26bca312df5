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
        }
        fields[count] = count < skipped.length && skipped[count] && len > 0 ? SKIPPED : new String(buf, offset, len);
        count++;
    }

    @Override
    protected BillingRow buildRecord() {
        return new BillingRow(getStartingLineNumber(), Arrays.copyOf(fields, count));
    }
}
