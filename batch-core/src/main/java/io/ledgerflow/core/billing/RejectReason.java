package io.ledgerflow.core.billing;

/** Why a billing line was quarantined; a line gets the first reason that applies, in this order. */
public enum RejectReason {
    MALFORMED_ROW,
    MISSING_FIELD,
    INVALID_FIELD,
    INVALID_DATE,
    WRONG_BUSINESS_DATE,
    INVALID_QUANTITY,
    INVALID_UNIT_PRICE,
    AMOUNT_OUT_OF_RANGE,
    UNKNOWN_CURRENCY,
    UNKNOWN_BILLING_TYPE,
    UNKNOWN_TAX_CODE,
    DUPLICATE_BILLING_ID,
    INCONSISTENT_INVOICE,
    INVOICE_HAS_REJECTED_LINE,
    /**
     * Not a line fault: the invoice passed every check, but its journal entry is larger than the
     * journal store can hold in one item (DynamoDB's 400 KB), so every line of it is quarantined
     * instead of failing the day. Only the daily workflow, which stores entries, gives it.
     */
    ENTRY_TOO_LARGE
}
