package io.ledgerflow.core.journal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts as a long count of the currency's minor units (JPY 1200 is 1200, USD 12.30 is 1230), the
 * hot path's representation. Every operation is exact: it answers {@link #OVERFLOW} instead of a
 * wrong number when a value leaves long's range, and the caller takes the {@code BigDecimal} path.
 * Rounding that drops digits applies the named {@link RoundingMode} exactly as {@code BigDecimal}
 * defines it (MinorUnitsTest checks every mode against {@code BigDecimal.setScale}).
 */
final class MinorUnits {

    /** Marks a value that does not fit a long; no real amount is this value. */
    static final long OVERFLOW = Long.MIN_VALUE;

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private MinorUnits() {}

    /**
     * {@code quantity x unscaled/10^scale}, rounded to {@code minorDigits} with {@code rounding},
     * in minor units; {@link #OVERFLOW} when it does not fit.
     */
    static long lineAmount(long quantity, long unscaled, int scale, int minorDigits, RoundingMode rounding) {
        long product;
        try {
            product = Math.multiplyExact(quantity, unscaled);
        } catch (ArithmeticException e) {
            return OVERFLOW;
        }
        return rescale(product, scale, minorDigits, rounding);
    }

    /** {@code value/10^fromScale} at {@code toScale} digits, rounded with {@code rounding}; or OVERFLOW. */
    static long rescale(long value, int fromScale, int toScale, RoundingMode rounding) {
        if (value == OVERFLOW) {
            return OVERFLOW;
        }
        if (fromScale == toScale) {
            return value;
        }
        if (fromScale < toScale) {
            int up = toScale - fromScale;
            if (up >= POWERS_OF_TEN.length) {
                return OVERFLOW;
            }
            try {
                return Math.multiplyExact(value, POWERS_OF_TEN[up]);
            } catch (ArithmeticException e) {
                return OVERFLOW;
            }
        }
        int down = fromScale - toScale;
        if (down >= POWERS_OF_TEN.length) {
            return BigDecimal.valueOf(value, fromScale).setScale(toScale, rounding).unscaledValue().longValueExact();
        }
        long divisor = POWERS_OF_TEN[down];
        long quotient = value / divisor;
        long remainder = value % divisor;
        if (remainder == 0) {
            return quotient;
        }
        return quotient + roundingIncrement(quotient, remainder, divisor, value, fromScale, toScale, rounding);
    }

    /**
     * What {@code rounding} adds to a quotient truncated toward zero (0, or one unit away from zero)
     * when digits are dropped: {@link RoundingMode}'s definitions, decided in long arithmetic
     * ({@code 2 |remainder| < 2 x 10^18} fits). {@code UNNECESSARY} goes through {@code BigDecimal},
     * which throws its own ArithmeticException.
     */
    private static long roundingIncrement(long quotient, long remainder, long divisor, long value, int fromScale,
            int toScale, RoundingMode rounding) {
        long away = value < 0 ? -1 : 1;
        int half = Long.compare(Math.abs(remainder) * 2, divisor);
        return switch (rounding) {
            case DOWN -> 0;
            case UP -> away;
            case FLOOR -> value < 0 ? -1 : 0;
            case CEILING -> value > 0 ? 1 : 0;
            case HALF_UP -> half >= 0 ? away : 0;
            case HALF_DOWN -> half > 0 ? away : 0;
            case HALF_EVEN -> half > 0 || (half == 0 && (quotient & 1) != 0) ? away : 0;
            case UNNECESSARY -> BigDecimal.valueOf(value, fromScale).setScale(toScale, rounding).unscaledValue()
                    .longValueExact() - quotient;
        };
    }

    /** {@code 10^exponent}, for {@code 0 <= exponent <= 18}. */
    static long powerOfTen(int exponent) {
        return POWERS_OF_TEN[exponent];
    }

    /** {@code a + b}, or {@link #OVERFLOW}. */
    static long plus(long a, long b) {
        if (a == OVERFLOW || b == OVERFLOW) {
            return OVERFLOW;
        }
        long sum = a + b;
        // Overflow iff both operands have the sign opposite to the result (Hacker's Delight 2-12).
        if (((a ^ sum) & (b ^ sum)) < 0 || sum == OVERFLOW) {
            return OVERFLOW;
        }
        return sum;
    }

    /** The amount as a {@link BigDecimal} at {@code minorDigits}. */
    static BigDecimal toDecimal(long minor, int minorDigits) {
        return BigDecimal.valueOf(minor, minorDigits);
    }
}
