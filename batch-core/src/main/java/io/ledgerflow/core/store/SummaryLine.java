package io.ledgerflow.core.store;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import java.util.Comparator;
import java.util.Objects;

/**
 * Gross debit and credit of a day (or month) for one (account, department, tax code, currency).
 * {@code taxCode} is empty for the receivable line's rows.
 */
public record SummaryLine(
        String account, String department, String taxCode, CurrencyUnit currency, Money debit, Money credit) {

    /** Currency, account, department, tax code: the ledger export's order. */
    public static final Comparator<SummaryLine> ORDER = Comparator.comparing(SummaryLine::currency)
            .thenComparing(SummaryLine::account)
            .thenComparing(SummaryLine::department)
            .thenComparing(SummaryLine::taxCode);

    public SummaryLine {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(taxCode, "taxCode");
        Objects.requireNonNull(currency, "currency");
        if (!debit.currency().equals(currency) || !credit.currency().equals(currency)) {
            throw new IllegalArgumentException("summary amounts must be in " + currency);
        }
        if (debit.signum() < 0 || credit.signum() < 0) {
            throw new IllegalArgumentException("summary debit and credit are gross, never negative");
        }
    }

    /** The line's identity: what two lines must share to be added together. */
    public String key() {
        return currency.code() + "|" + account + "|" + department + "|" + taxCode;
    }

    public SummaryLine plus(SummaryLine other) {
        if (!key().equals(other.key())) {
            throw new IllegalArgumentException("cannot add summary lines " + key() + " and " + other.key());
        }
        return new SummaryLine(account, department, taxCode, currency, debit.plus(other.debit), credit.plus(other.credit));
    }
}
