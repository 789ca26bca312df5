package io.ledgerflow.core.journal;

/** The three kinds of line a journal entry holds, in the order they appear in it. */
public enum LineKind {
    RECEIVABLE,
    REVENUE,
    TAX
}
