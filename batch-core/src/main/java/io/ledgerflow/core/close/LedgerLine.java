package io.ledgerflow.core.close;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.Objects;

/**
 * One row of the ledger export: a month's net amount for one (currency, account, department, tax
 * code), on exactly one side. {@code taxCode} is empty for the receivable rows.
 */
public record LedgerLine(
        YearMonth period,
        LocalDate accountingDate,
        CurrencyUnit currency,
        String account,
        String department,
        String taxCode,
        Money enteredDr,
        Money enteredCr) {

    /** DESIGN's order: currency, account, department, tax code. */
    public static final Comparator<LedgerLine> ORDER = Comparator.comparing(LedgerLine::currency)
            .thenComparing(LedgerLine::account)
            .thenComparing(LedgerLine::department)
            .thenComparing(LedgerLine::taxCode);

    public LedgerLine {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(accountingDate, "accountingDate");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(taxCode, "taxCode");
        if (!enteredDr.currency().equals(currency) || !enteredCr.currency().equals(currency)) {
            throw new IllegalArgumentException("ledger line amounts must be in " + currency);
        }
        if (enteredDr.signum() < 0 || enteredCr.signum() < 0 || (enteredDr.signum() > 0) == (enteredCr.signum() > 0)) {
            throw new IllegalArgumentException("a ledger line is netted to exactly one positive side, got DR "
                    + enteredDr + " CR " + enteredCr);
        }
    }
}
