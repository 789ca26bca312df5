package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;

/**
 * One invoice (the tax-rounding unit) as it is read: its header and the chain of its accepted
 * lines in {@link AcceptedLines}. The first line that passes the line checks fixes customer, site
 * and currency; a rejected line anywhere quarantines the lot.
 */
final class Invoice {

    final String invoiceId;
    String customerCode;
    String siteCode;
    CurrencyUnit currency;
    int firstLine = AcceptedLines.NONE;
    int lastLine = AcceptedLines.NONE;
    int lineCount;
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

    /** Appends an accepted line (an index into {@code lines}) to this invoice's chain. */
    void addLine(AcceptedLines lines, int line) {
        if (lastLine == AcceptedLines.NONE) {
            firstLine = line;
        } else {
            lines.link(lastLine, line);
        }
        lastLine = line;
        lineCount++;
    }
}
