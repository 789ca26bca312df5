package io.ledgerflow.core.store;

import java.time.YearMonth;

/**
 * The rules of accounting months, for every {@link JournalStore} adapter: only an OPEN month takes
 * runs; a month moves one step at a time along OPEN → CLOSING → CLOSED → EXPORTED; a reopen needs
 * who and why, and a month whose export is in the general ledger is reopened only as an audited
 * adjustment (the month's next close exports the difference, see
 * {@link io.ledgerflow.core.close.MonthClose#reopen}).
 */
public final class PeriodRules {

    private PeriodRules() {}

    /** Throws {@link PeriodNotOpenException} naming {@code what} unless the month is OPEN. */
    public static void requireOpen(YearMonth month, PeriodState state, String what) {
        if (state != PeriodState.OPEN) {
            throw new PeriodNotOpenException(month, state, what);
        }
    }

    /** Throws unless {@code to} is the one step after {@code from}. */
    public static void requireStep(YearMonth month, PeriodState from, PeriodState to) {
        if (from.next() != to) {
            throw new PeriodTransitionException("period " + month + " cannot move from " + from + " to " + to
                    + "; the only step from " + from + " is to " + from.next());
        }
    }

    /** The refusal when a month was found in {@code actual} by a conditional write that expected {@code from}. */
    public static PeriodTransitionException notIn(YearMonth month, PeriodState actual, PeriodState from, PeriodState to) {
        return new PeriodTransitionException("period " + month + " is " + actual + ", not " + from
                + "; cannot move it to " + to);
    }

    /**
     * A month in {@code state} may return to OPEN: CLOSING or CLOSED (a failed close, a correction
     * before the export), or EXPORTED (an adjustment after the export). Who and why are required.
     */
    public static void requireReopenable(YearMonth month, PeriodState state, String by, String reason) {
        if (by == null || by.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reopening period " + month + " needs who and why (both recorded)");
        }
        if (state == PeriodState.OPEN) {
            throw new PeriodTransitionException("period " + month + " is already OPEN");
        }
    }

    /** An export batch on record is the ledger's id of it: positive. */
    public static void requireBatch(YearMonth month, long batchId) {
        if (batchId < 1) {
            throw new IllegalArgumentException("export batch of " + month + " must be a ledger batch id >= 1, got " + batchId);
        }
    }
}
