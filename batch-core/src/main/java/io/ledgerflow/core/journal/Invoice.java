package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one invoice (the tax-rounding unit) as they are read. The first line that passes the
 * line checks fixes customer, site and currency; a rejected line anywhere quarantines the lot.
 */
final class Invoice {

    final String invoiceId;
    String customerCode;
    String siteCode;
    CurrencyUnit currency;
    final List<InvoiceLine> lines = new ArrayList<>(4);
    boolean hasRejectedLine;

    Invoice(String invoiceId) {
        this.invoiceId = invoiceId;
    }

    boolean hasHeader() {
        return currency != null;
    }

    boolean matches(String customer, String site, CurrencyUnit lineCurrency) {
        return customerCode.equals(customer) && siteCode.equals(site) && currency.equals(lineCurrency);
    }

    void setHeader(String customer, String site, CurrencyUnit lineCurrency) {
        this.customerCode = customer;
        this.siteCode = site;
        this.currency = lineCurrency;
    }
}
