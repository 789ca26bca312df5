package io.ledgerflow.core.billing;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * The field rules of DESIGN's input table, as pure functions. Hand-written rather than regular
 * expressions: they run on every field of hundreds of thousands of lines.
 */
public final class LineChecks {

    public static final int BILLING_ID_CHARS_MAX = 64;
    public static final int INVOICE_ID_CHARS_MAX = 64;
    public static final int SITE_CODE_CHARS_MAX = 16;
    public static final int CUSTOMER_CODE_CHARS_MAX = 32;
    /** |quantity| and unit_price may not exceed this. */
    public static final long AMOUNT_LIMIT = 1_000_000_000L;
    public static final int UNIT_PRICE_FRACTION_DIGITS_MAX = 4;

    private static final DateTimeFormatter ISO_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    /** Marks a number with the right pattern but more digits than any value in range can have. */
    public static final long TOO_LARGE = Long.MIN_VALUE;

    private LineChecks() {}

    private static final boolean[] ID_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ID_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
    }

    /** 1..max characters of [A-Za-z0-9_-]. */
    public static boolean isId(String value, int charsMax) {
        int n = value.length();
        if (n == 0 || n > charsMax) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 128 || !ID_CHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /** A strictly valid {@code yyyy-MM-dd} date, or null. */
    public static LocalDate parseDate(String value) {
        if (value.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(value, ISO_DATE);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** What {@link #quantityValue} answers for a text that breaks {@code -?[0-9]+}; no parsed value is this. */
    public static final long NOT_A_QUANTITY = Long.MAX_VALUE;

    /**
     * The quantity for {@code -?[0-9]+}, without boxing (it runs on every line): its value,
     * {@link #TOO_LARGE} when it has more digits than fit a long, or {@link #NOT_A_QUANTITY} when
     * the text breaks the pattern.
     */
    public static long quantityValue(String value) {
        int n = value.length();
        int start = n > 0 && value.charAt(0) == '-' ? 1 : 0;
        if (start == n) {
            return NOT_A_QUANTITY;
        }
        long result = 0;
        int significant = 0;
        for (int i = start; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_A_QUANTITY;
            }
            if (significant > 0 || c != '0') {
                significant++;
            }
            if (significant <= 18) {
                result = result * 10 + (c - '0');
            }
        }
        if (significant > 18) {
            return TOO_LARGE;
        }
        return start == 1 ? -result : result;
    }

    /** What {@link #unitPriceValue} answers for a text that breaks {@code [0-9]+(\.[0-9]{1,4})?}. */
    public static final long NOT_A_UNIT_PRICE = -1;
    /** What {@link #unitPriceValue} answers for a unit price of the right shape above {@link #AMOUNT_LIMIT}. */
    public static final long UNIT_PRICE_OUT_OF_RANGE = -2;
    private static final int UNIT_PRICE_SCALE_BITS = 3;
    /** Significant integer digits of the largest unit price in range (10^9). */
    private static final int UNIT_PRICE_INTEGER_DIGITS_MAX = 10;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000};

    /**
     * The unit price without a {@code BigDecimal} (it runs on every line): a price in range packed
     * into one long, its unscaled value (below 10^13, so the packing fits) and its scale, the
     * fraction digits as written (0-4), read back with {@link #unitPriceUnscaled} and
     * {@link #unitPriceScale}; or {@link #NOT_A_UNIT_PRICE} for a text that breaks
     * {@code [0-9]+(\.[0-9]{1,4})?}, or {@link #UNIT_PRICE_OUT_OF_RANGE} above {@link #AMOUNT_LIMIT}.
     */
    public static long unitPriceValue(String value) {
        int n = value.length();
        int dot = value.indexOf('.');
        int scale = unitPriceFractionDigits(value, dot);
        if (scale < 0) {
            return NOT_A_UNIT_PRICE;
        }
        int intEnd = dot < 0 ? n : dot;
        int first = 0;
        while (first < intEnd - 1 && value.charAt(first) == '0') {
            first++; // leading zeros change nothing, however many
        }
        if (intEnd - first > UNIT_PRICE_INTEGER_DIGITS_MAX) {
            return UNIT_PRICE_OUT_OF_RANGE;
        }
        long unscaled = 0; // at most 10 + 4 digits: fits
        for (int i = first; i < n; i++) {
            char c = value.charAt(i);
            if (c != '.') {
                unscaled = unscaled * 10 + (c - '0');
            }
        }
        if (unscaled > AMOUNT_LIMIT * POWERS_OF_TEN[scale]) {
            return UNIT_PRICE_OUT_OF_RANGE;
        }
        return (unscaled << UNIT_PRICE_SCALE_BITS) | scale;
    }

    /** The unscaled value of a unit price packed by {@link #unitPriceValue}. */
    public static long unitPriceUnscaled(long packed) {
        return packed >>> UNIT_PRICE_SCALE_BITS;
    }

    /** The scale (fraction digits) of a unit price packed by {@link #unitPriceValue}. */
    public static int unitPriceScale(long packed) {
        return (int) (packed & ((1 << UNIT_PRICE_SCALE_BITS) - 1));
    }

    /**
     * The fraction digits (0-4) of a text of the shape {@code [0-9]+(\.[0-9]{1,4})?}, whose first
     * dot is at {@code dot} (-1: none); -1 when the text has another shape.
     */
    private static int unitPriceFractionDigits(String value, int dot) {
        int n = value.length();
        int intEnd = dot < 0 ? n : dot;
        if (intEnd == 0 || !allDigits(value, 0, intEnd)) {
            return -1;
        }
        if (dot < 0) {
            return 0;
        }
        int fraction = n - dot - 1;
        if (fraction < 1 || fraction > UNIT_PRICE_FRACTION_DIGITS_MAX || !allDigits(value, dot + 1, n)) {
            return -1;
        }
        return fraction;
    }

    private static boolean allDigits(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public static boolean quantityInRange(long quantity) {
        return quantity != TOO_LARGE && Math.abs(quantity) <= AMOUNT_LIMIT;
    }
}
