package io.ledgerflow.core.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An immutable amount of money: a currency and a {@link BigDecimal} held at exactly the
 * currency's minor digits. Every operation that could lose precision takes a {@link RoundingMode};
 * combining two currencies throws {@link CurrencyMismatchException}.
 */
public final class Money implements Comparable<Money> {

    private final CurrencyUnit currency;
    private final BigDecimal amount;

    private Money(CurrencyUnit currency, BigDecimal amount) {
        this.currency = currency;
        this.amount = amount;
    }

    /** An amount that must already fit the currency's minor digits; throws if it does not. */
    public static Money of(CurrencyUnit currency, BigDecimal amount) {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(amount, "amount");
        try {
            return new Money(currency, amount.setScale(currency.minorDigits(), RoundingMode.UNNECESSARY));
        } catch (ArithmeticException e) {
            throw new ArithmeticException(
                    amount.toPlainString() + " has more than " + currency.minorDigits() + " minor digits for " + currency);
        }
    }

    /** An amount rounded to the currency's minor digits with the given mode. */
    public static Money of(CurrencyUnit currency, BigDecimal amount, RoundingMode rounding) {
        Objects.requireNonNull(rounding, "rounding");
        return new Money(currency, amount.setScale(currency.minorDigits(), rounding));
    }

    public static Money zero(CurrencyUnit currency) {
        return new Money(currency, BigDecimal.ZERO.setScale(currency.minorDigits()));
    }

    public CurrencyUnit currency() {
        return currency;
    }

    public BigDecimal amount() {
        return amount;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(currency, amount.add(other.amount));
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(currency, amount.subtract(other.amount));
    }

    public Money negated() {
        return new Money(currency, amount.negate());
    }

    public Money abs() {
        return amount.signum() < 0 ? negated() : this;
    }

    /** This amount times {@code factor}, rounded back to the minor digits with {@code rounding}. */
    public Money multipliedBy(BigDecimal factor, RoundingMode rounding) {
        return of(currency, amount.multiply(factor), rounding);
    }

    public int signum() {
        return amount.signum();
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    /** The canonical text: a plain decimal at the minor digits, sign kept ({@code -12.30}). */
    public String toPlainString() {
        return amount.toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money m && currency.equals(m.currency) && amount.equals(m.amount);
    }

    @Override
    public int hashCode() {
        return 31 * currency.hashCode() + amount.hashCode();
    }

    @Override
    public String toString() {
        return currency.code() + " " + amount.toPlainString();
    }
}
