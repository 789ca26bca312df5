package io.ledgerflow.core.journal;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The lines that passed every line check, column by column: primitive arrays instead of an object
 * (line, billing id, amount) per line, so that a day's lines cost the collector a few arrays to
 * keep instead of millions of objects to trace and copy. Lines of one invoice are chained by
 * {@link #next}; billing ids are indexes into an {@link IdBuffer}; the revenue account and tax
 * code are indexes into a {@link RuleIndex}; amounts are minor units, with the rare amount beyond
 * a long kept as a {@code BigDecimal} aside.
 */
final class AcceptedLines {

    /** A line index past the last of a chain. */
    static final int NONE = -1;

    private long[] lineNumber = new long[1 << 12];
    private int[] billingId = new int[1 << 12];
    private int[] account = new int[1 << 12];
    private int[] tax = new int[1 << 12];
    private long[] amount = new long[1 << 12];
    private int[] next = new int[1 << 12];
    private int count;
    /** Amounts whose minor units do not fit a long ({@link MinorUnits#OVERFLOW} in {@link #amount}). */
    private final Map<Integer, BigDecimal> largeAmounts = new HashMap<>();

    /** Adds a line (its chain link unset) and returns its index. */
    int add(long number, int billingIdIndex, int accountIndex, int taxIndex, long minor, BigDecimal large) {
        if (count == lineNumber.length) {
            grow();
        }
        int index = count++;
        lineNumber[index] = number;
        billingId[index] = billingIdIndex;
        account[index] = accountIndex;
        tax[index] = taxIndex;
        amount[index] = minor;
        next[index] = NONE;
        if (minor == MinorUnits.OVERFLOW) {
            largeAmounts.put(index, large);
        }
        return index;
    }

    private void grow() {
        int capacity = lineNumber.length * 2;
        lineNumber = Arrays.copyOf(lineNumber, capacity);
        billingId = Arrays.copyOf(billingId, capacity);
        account = Arrays.copyOf(account, capacity);
        tax = Arrays.copyOf(tax, capacity);
        amount = Arrays.copyOf(amount, capacity);
        next = Arrays.copyOf(next, capacity);
    }

    void link(int from, int to) {
        next[from] = to;
    }

    int next(int line) {
        return next[line];
    }

    long lineNumber(int line) {
        return lineNumber[line];
    }

    int billingId(int line) {
        return billingId[line];
    }

    int account(int line) {
        return account[line];
    }

    int tax(int line) {
        return tax[line];
    }

    /** The amount in minor units, or {@link MinorUnits#OVERFLOW} when it only fits {@link #largeAmount}. */
    long minor(int line) {
        return amount[line];
    }

    /** The exact amount at the currency's {@code minorDigits}. */
    BigDecimal decimal(int line, int minorDigits) {
        long minor = amount[line];
        return minor == MinorUnits.OVERFLOW ? largeAmounts.get(line) : MinorUnits.toDecimal(minor, minorDigits);
    }
}
