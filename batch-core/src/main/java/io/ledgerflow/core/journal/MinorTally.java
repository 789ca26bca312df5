package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;

/**
 * A chunk's control sums per currency index in long minor units (see {@link Tally}'s four sums),
 * moved into a {@link Tally}'s {@code BigDecimal}s before a sum would leave long's range, and at
 * {@link #flushInto}. Counts go straight to the tally.
 */
final class MinorTally {

    private static final int SUMS = 4;

    private final CurrencyUnit[] currencies;
    private final long[] sums;
    private final boolean[] seen;
    private final Tally tally;
    long linesPosted;
    long invoicesPosted;
    long entries;
    long journalLines;

    MinorTally(CurrencyUnit[] currencies, Tally tally) {
        this.currencies = currencies;
        this.sums = new long[currencies.length * SUMS];
        this.seen = new boolean[currencies.length];
        this.tally = tally;
    }

    /** Adds {@code minor} (never {@link MinorUnits#OVERFLOW}) to sum {@code which} of a currency. */
    void add(int currency, int which, long minor) {
        int at = currency * SUMS + which;
        long sum = MinorUnits.plus(sums[at], minor);
        if (sum == MinorUnits.OVERFLOW) {
            tally.add(currencies[currency], which, MinorUnits.toDecimal(sums[at], currencies[currency].minorDigits()));
            sum = minor;
        }
        sums[at] = sum;
        seen[currency] = true;
    }

    /** Moves everything into the tally; this tally starts again from zero. */
    void flushInto() {
        for (int c = 0; c < currencies.length; c++) {
            if (seen[c]) {
                for (int which = 0; which < SUMS; which++) {
                    tally.add(currencies[c], which, MinorUnits.toDecimal(sums[c * SUMS + which], currencies[c].minorDigits()));
                    sums[c * SUMS + which] = 0;
                }
                seen[c] = false;
            }
        }
        tally.linesPosted += linesPosted;
        tally.invoicesPosted += invoicesPosted;
        tally.entries += entries;
        tally.journalLines += journalLines;
        linesPosted = 0;
        invoicesPosted = 0;
        entries = 0;
        journalLines = 0;
    }
}
