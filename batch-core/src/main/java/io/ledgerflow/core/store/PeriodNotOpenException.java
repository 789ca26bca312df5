package io.ledgerflow.core.store;

import io.ledgerflow.core.failure.BusinessFailureException;

import java.time.YearMonth;

/** Thrown when a run or rerun targets a day whose month is not OPEN. */
public final class PeriodNotOpenException extends BusinessFailureException {

    private final YearMonth month;
    private final PeriodState state;

    public PeriodNotOpenException(YearMonth month, PeriodState state, String what) {
        super(what + " refused: period " + month + " is " + state + ", not OPEN");
        this.month = month;
        this.state = state;
    }

    public YearMonth month() {
        return month;
    }

    public PeriodState state() {
        return state;
    }
}
