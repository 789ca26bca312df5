package io.ledgerflow.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final CurrencyUnit JPY = new CurrencyUnit("JPY", 0);
    private static final CurrencyUnit USD = new CurrencyUnit("USD", 2);

    @Test
    void amount_isHeldAtTheCurrencysMinorDigits() {
        assertThat(Money.of(USD, new BigDecimal("12.3")).toPlainString()).isEqualTo("12.30");
        assertThat(Money.zero(USD).toPlainString()).isEqualTo("0.00");
        assertThat(Money.zero(JPY).toPlainString()).isEqualTo("0");
    }

    @Test
    void of_withoutRounding_refusesToLosePrecision() {
        assertThatThrownBy(() -> Money.of(JPY, new BigDecimal("10.5")))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("more than 0 minor digits");
    }

    @Test
    void rounding_isNamedAtEveryLossyOperation() {
        assertThat(Money.of(USD, new BigDecimal("0.025"), RoundingMode.HALF_UP).toPlainString()).isEqualTo("0.03");
        assertThat(Money.of(USD, new BigDecimal("-12.345"), RoundingMode.HALF_UP).toPlainString()).isEqualTo("-12.35");
        assertThat(Money.of(JPY, new BigDecimal("-166.5"), RoundingMode.DOWN).toPlainString()).isEqualTo("-166");
        assertThat(Money.of(JPY, new BigDecimal("315")).multipliedBy(new BigDecimal("0.10"), RoundingMode.DOWN))
                .isEqualTo(Money.of(JPY, new BigDecimal("31")));
    }

    @Test
    void combiningCurrencies_throws() {
        assertThatThrownBy(() -> Money.zero(JPY).plus(Money.zero(USD)))
                .isInstanceOf(CurrencyMismatchException.class)
                .hasMessage("currency mismatch: JPY and USD");
    }

    @Test
    void arithmetic_keepsTheValueImmutable() {
        Money ten = Money.of(JPY, BigDecimal.TEN);
        Money sum = ten.plus(ten);
        assertThat(ten.toPlainString()).isEqualTo("10");
        assertThat(sum.toPlainString()).isEqualTo("20");
        assertThat(ten.minus(sum).abs()).isEqualTo(ten);
        assertThat(ten.negated().signum()).isEqualTo(-1);
    }
}
