package io.ledgerflow.core.billing;

/** The billing CSV's columns that ledgerflow reads; any others are ignored. */
public enum Column {
    BILLING_ID("billing_id"),
    INVOICE_ID("invoice_id"),
    BUSINESS_DATE("business_date"),
    SITE_CODE("site_code"),
    CUSTOMER_CODE("customer_code"),
    BILLING_TYPE("billing_type"),
    TAX_CODE("tax_code"),
    QUANTITY("quantity"),
    UNIT_PRICE("unit_price"),
    CURRENCY("currency"),
    /** Optional: the only column that may be absent or empty. */
    DESCRIPTION("description");

    private final String header;

    Column(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }

    public boolean required() {
        return this != DESCRIPTION;
    }
}
