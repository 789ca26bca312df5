package io.ledgerflow.core.store;

/** The state of an accounting month. Only an OPEN month accepts runs. */
public enum PeriodState {
    OPEN,
    CLOSING,
    CLOSED,
    EXPORTED;

    /** The one state this one may move to, or null for EXPORTED (the end). */
    public PeriodState next() {
        return switch (this) {
            case OPEN -> CLOSING;
            case CLOSING -> CLOSED;
            case CLOSED -> EXPORTED;
            case EXPORTED -> null;
        };
    }
}
