package io.ledgerflow.core.money;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An ISO 4217 currency as the rules file declares it: its code and the number of minor-unit
 * digits amounts in it are kept at (JPY 0, USD 2).
 */
public record CurrencyUnit(String code, int minorDigits) implements Comparable<CurrencyUnit> {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    /** More digits than any ISO 4217 currency has; a rules file asking for more is a typo. */
    public static final int MINOR_DIGITS_MAX = 4;

    public CurrencyUnit {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("currency code must be three capital letters: '" + code + "'");
        }
        if (minorDigits < 0 || minorDigits > MINOR_DIGITS_MAX) {
            throw new IllegalArgumentException(
                    "currency " + code + ": minor digits must be 0.." + MINOR_DIGITS_MAX + ", got " + minorDigits);
        }
    }

    @Override
    public int compareTo(CurrencyUnit other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
