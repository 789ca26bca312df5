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

    /**
     * Sorts invoices by {@code invoice_id} (ids valid, hence ASCII, and distinct), as {@link #BY_ID}
     * orders them: a merge sort of indexes over the packed keys copied into primitive arrays,
     * compared in a static method, instead of a sort of objects through a {@code Comparator}
     * (journalize's C1-compiled code calls a comparator lambda, and reaches three fields of two
     * objects, at each of millions of comparisons). A run already in order costs one comparison per
     * merge, so a file listing its invoices in order is sorted in linear time. A day's invoices are
     * sorted in two halves on two threads, then merged.
     */
    static void sortById(Invoice[] invoices) {
        int n = invoices.length;
        long[] keys = new long[3 * n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            keys[3 * i] = invoices[i].key0;
            keys[3 * i + 1] = invoices[i].key1;
            keys[3 * i + 2] = invoices[i].key2;
            order[i] = i;
        }
        int[] scratch = new int[n];
        if (n >= PARALLEL_SORT_INVOICES_MIN && Runtime.getRuntime().availableProcessors() > 1) {
            // The reading threads are done and the posting threads not started: a second core is free.
            int half = n / 2;
            Thread first = Thread.ofPlatform().name("invoice-sort").start(
                    () -> sortRange(invoices, keys, order, scratch, 0, half));
            sortRange(invoices, keys, order, scratch, half, n);
            try {
                first.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sorting invoices", e);
            }
            merge(invoices, keys, order, scratch, 0, half, n);
        } else {
            sortRange(invoices, keys, order, scratch, 0, n);
        }
        Invoice[] sorted = new Invoice[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = invoices[order[i]];
        }
        System.arraycopy(sorted, 0, invoices, 0, n);
    }

    private static final int INSERTION_RUN = 16;
    /** Fewer invoices than this are sorted on the calling thread alone: a thread costs more than it saves. */
    private static final int PARALLEL_SORT_INVOICES_MIN = 1 << 14;

    /** Sorts {@code order[from, to)}; touches {@code scratch} in that range only. */
    private static void sortRange(Invoice[] invoices, long[] keys, int[] order, int[] scratch, int from, int to) {
        for (int run = from; run < to; run += INSERTION_RUN) {
            insertionSort(invoices, keys, order, run, Math.min(to, run + INSERTION_RUN));
        }
        for (int width = INSERTION_RUN; width < to - from; width *= 2) {
            for (int left = from; left < to - width; left += 2 * width) {
                merge(invoices, keys, order, scratch, left, left + width, Math.min(to, left + 2 * width));
            }
        }
    }

    private static void insertionSort(Invoice[] invoices, long[] keys, int[] order, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int moving = order[i];
            int j = i - 1;
            while (j >= from && compare(invoices, keys, order[j], moving) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = moving;
        }
    }

    /** Merges the sorted runs {@code [from, middle)} and {@code [middle, to)} of {@code order}. */
    private static void merge(Invoice[] invoices, long[] keys, int[] order, int[] scratch, int from, int middle, int to) {
        if (compare(invoices, keys, order[middle - 1], order[middle]) <= 0) {
            return; // already in order
        }
        System.arraycopy(order, from, scratch, from, middle - from);
        int left = from;
        int right = middle;
        int out = from;
        while (left < middle && right < to) {
            order[out++] = compare(invoices, keys, scratch[left], order[right]) <= 0 ? scratch[left++] : order[right++];
        }
        System.arraycopy(scratch, left, order, out, middle - left);
    }

    /** {@link #BY_ID} on invoices {@code a} and {@code b}, their keys read from {@code keys}. */
    private static int compare(Invoice[] invoices, long[] keys, int a, int b) {
        int c = Long.compare(keys[3 * a], keys[3 * b]);
        if (c == 0) {
            c = Long.compare(keys[3 * a + 1], keys[3 * b + 1]);
        }
        if (c == 0) {
            c = Long.compare(keys[3 * a + 2], keys[3 * b + 2]);
        }
        if (c == 0 && (invoices[a].invoiceId.length() > KEY_CHARS || invoices[b].invoiceId.length() > KEY_CHARS)) {
            c = invoices[a].invoiceId.compareTo(invoices[b].invoiceId);
        }
        return c;
    }

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
