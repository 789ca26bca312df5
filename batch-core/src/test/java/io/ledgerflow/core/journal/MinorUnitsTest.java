package io.ledgerflow.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MinorUnitsTest {

    @ParameterizedTest
    @EnumSource(value = RoundingMode.class, names = "UNNECESSARY", mode = EnumSource.Mode.EXCLUDE)
    void rescale_roundsAsBigDecimalSetScaleDoes_forEveryMode(RoundingMode mode) {
        // given values of both signs at the halves, near them, and at random, dropping 1 to 18 digits
        Random random = new Random(mode.ordinal());
        long[] edges = {0, 1, -1, 4, 5, 6, -4, -5, -6, 15, 25, -15, -25, 149, 150, 151, -149, -150, -151,
                Long.MAX_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L, -500_000_000_000_000_000L};
        for (int i = 0; i < 200_000; i++) {
            long value = i < edges.length * 18 ? edges[i / 18] : random.nextLong() >> random.nextInt(64);
            int down = i < edges.length * 18 ? 1 + i % 18 : 1 + random.nextInt(18);
            int fromScale = down + random.nextInt(3);
            int toScale = fromScale - down;
            // when it is rescaled in long
            long minor = MinorUnits.rescale(value, fromScale, toScale, mode);
            // then it is BigDecimal's answer
            long expected = BigDecimal.valueOf(value, fromScale).setScale(toScale, mode).unscaledValue().longValueExact();
            assertThat(minor).as("%d at scale %d to %d, %s", value, fromScale, toScale, mode).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(RoundingMode.class)
    void lineAmount_isQuantityTimesPrice_roundedOnce(RoundingMode mode) {
        // given a quantity and a price of four decimals, an amount in JPY (0 digits) and USD (2 digits)
        Random random = new Random(31 + mode.ordinal());
        for (int i = 0; i < 50_000; i++) {
            long quantity = random.nextInt(2_000_001) - 1_000_000;
            long unscaled = random.nextLong(10_000_000_000L);
            int scale = random.nextInt(5);
            int digits = random.nextInt(3);
            BigDecimal exact = BigDecimal.valueOf(quantity).multiply(BigDecimal.valueOf(unscaled, scale));
            long expected;
            try {
                expected = exact.setScale(digits, mode).unscaledValue().longValueExact();
            } catch (ArithmeticException e) {
                // then UNNECESSARY throws as BigDecimal does when digits would be dropped
                assertThatThrownBy(() -> MinorUnits.lineAmount(quantity, unscaled, scale, digits, mode))
                        .isInstanceOf(ArithmeticException.class);
                continue;
            }
            // then it is BigDecimal's answer
            assertThat(MinorUnits.lineAmount(quantity, unscaled, scale, digits, mode)).isEqualTo(expected);
        }
    }
}
