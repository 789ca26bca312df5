package io.ledgerflow.core.journal;

/** Which column of the journal a line's (never negative) amount goes into. */
public enum Side {
    DEBIT,
    CREDIT;

    /** Debit for a positive signed amount, credit for a negative one (the receivable's rule). */
    public static Side debitWhenPositive(int signum) {
        return signum >= 0 ? DEBIT : CREDIT;
    }

    /** Credit for a positive signed amount, debit for a negative one (revenue and tax lines). */
    public static Side creditWhenPositive(int signum) {
        return signum >= 0 ? CREDIT : DEBIT;
    }
}
