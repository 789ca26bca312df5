package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;
import java.util.Comparator;

/**
 * One invoice (the tax-rounding unit) as it is read: its header and the chain of its accepted
 * lines in {@link AcceptedLines}. The first line that passes the line checks fixes customer, site
 * and currency; a rejected line anywhere quarantines the lot.
 */
final class Invoice {

    final String invoiceId;
    String customerCode;
    String siteCode;
    CurrencyUnit currency;
    int firstLine = AcceptedLines.NONE;
    int lastLine = AcceptedLines.NONE;
    int lineCount;
    boolean hasRejectedLine;

    /**
     * The id's first {@link #KEY_CHARS} characters, 7 bits each, {@link #KEY_CHARS_PER_LONG} to a
     * long, padded with zeros: comparing these compares the ids as {@link String#compareTo} does
     * (a valid id is ASCII, and a shorter id sorts first), without reaching the strings.
     */
    private final long key0;
    private final long key1;
    private final long key2;

    private static final int KEY_CHARS_PER_LONG = 9;
    private static final int KEY_CHARS = 3 * KEY_CHARS_PER_LONG;

    /** Sorts invoices by {@code invoice_id} (ids must be valid, hence ASCII). */
    static final Comparator<Invoice> BY_ID = (a, b) -> {
        int c = Long.compare(a.key0, b.key0);
        if (c == 0) {
            c = Long.compare(a.key1, b.key1);
        }
        if (c == 0) {
            c = Long.compare(a.key2, b.key2);
        }
        if (c == 0 && (a.invoiceId.length() > KEY_CHARS || b.invoiceId.length() > KEY_CHARS)) {
            c = a.invoiceId.compareTo(b.invoiceId);
        }
        return c;
    };

    Invoice(String invoiceId) {
        this.invoiceId = invoiceId;
        this.key0 = keyAt(invoiceId, 0);
        this.key1 = keyAt(invoiceId, KEY_CHARS_PER_LONG);
        this.key2 = keyAt(invoiceId, 2 * KEY_CHARS_PER_LONG);
    }

    private static long keyAt(String id, int from) {
        long key = 0;
        for (int i = from; i < from + KEY_CHARS_PER_LONG; i++) {
            char c = i < id.length() ? id.charAt(i) : 0;
            if (c >= 128) {
                throw new IllegalArgumentException("invoice ids are ASCII: " + id);
            }
            key = (key << 7) | c;
        }
        return key;
    }

    boolean hasHeader() {
        return currency != null;
    }

    boolean matches(String customer, String site, CurrencyUnit lineCurrency) {
        return customerCode.equals(customer) && siteCode.equals(site) && currency.equals(lineCurrency);
    }

    void setHeader(String customer, String site, CurrencyUnit lineCurrency) {
        this.customerCode = customer;
        this.siteCode = site;
        this.currency = lineCurrency;
    }

    /** Appends an accepted line (an index into {@code lines}) to this invoice's chain. */
    void addLine(AcceptedLines lines, int line) {
        if (lastLine == AcceptedLines.NONE) {
            firstLine = line;
        } else {
            lines.link(lastLine, line);
        }
        lastLine = line;
        lineCount++;
    }
}
