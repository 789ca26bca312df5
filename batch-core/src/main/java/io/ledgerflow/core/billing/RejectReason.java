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
    INVOICE_HAS_REJECTED_LINE
}
