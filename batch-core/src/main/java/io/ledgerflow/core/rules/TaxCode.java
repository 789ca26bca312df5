package io.ledgerflow.core.rules;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A tax code of a rule set: its rate and, when the rate is not zero, the account the tax is
 * payable to.
 */
public record TaxCode(String code, BigDecimal rate, String payableAccount) {
    public TaxCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(rate, "rate");
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("tax code " + code + ": rate must be in [0, 1), got " + rate.toPlainString());
        }
        if (rate.signum() != 0 && (payableAccount == null || payableAccount.isBlank())) {
            throw new IllegalArgumentException("tax code " + code + ": a non-zero rate needs a payable_account");
        }
    }
}
