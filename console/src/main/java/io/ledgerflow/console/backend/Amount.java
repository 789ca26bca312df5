package io.ledgerflow.console.backend;

import java.math.BigDecimal;
import java.util.Objects;

/** An amount in one currency, at the currency's minor digits as the ledger holds it. */
public record Amount(String currency, BigDecimal value) {
    public Amount {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(value, "value");
    }
}
