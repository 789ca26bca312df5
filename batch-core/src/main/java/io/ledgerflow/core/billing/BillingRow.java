package io.ledgerflow.core.billing;

/**
 * One CSV record of a billing file: where it starts and its raw fields. Use
 * {@link BillingHeader#field(BillingRow, Column)} to read a column.
 *
 * @param lineNumber the physical line the record starts on (the header is line 1)
 */
public record BillingRow(long lineNumber, String[] fields) {
    public int fieldCount() {
        return fields.length;
    }
}
