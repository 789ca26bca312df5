package io.ledgerflow.core.store;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import java.util.Objects;

/** A run's journal debits and credits in one currency. */
public record ControlTotal(CurrencyUnit currency, Money debit, Money credit) {
    public ControlTotal {
        Objects.requireNonNull(currency, "currency");
        if (!debit.currency().equals(currency) || !credit.currency().equals(currency)) {
            throw new IllegalArgumentException("control total amounts must be in " + currency);
        }
    }
}
