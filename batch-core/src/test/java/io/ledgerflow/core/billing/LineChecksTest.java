package io.ledgerflow.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"A", "abc-DEF_123", "0000000000111111111122222222223333333333444444444455555555556666"})
    void id_acceptsOneTo64PatternChars(String id) {
        assertThat(LineChecks.isId(id, 64)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "ä", "a.b", "00000000001111111111222222222233333333334444444444555555555566666"})
    void id_rejectsEmptyTooLongOrForeignChars(String id) {
        assertThat(LineChecks.isId(id, 64)).isFalse();
    }

    /** The reference reading of a quantity, from DESIGN's pattern: the value, or null for another shape. */
    private static BigInteger referenceQuantity(String text) {
        return text.matches("-?[0-9]+") ? new BigInteger(text) : null;
    }

    /** The reference reading of a unit price, from DESIGN's pattern: the value, or null for another shape. */
    private static BigDecimal referenceUnitPrice(String text) {
        return text.matches("[0-9]+(\\.[0-9]{1,4})?") ? new BigDecimal(text) : null;
    }

    @ParameterizedTest
    @CsvSource({"1,1", "-7,-7", "007,7", "1000000000,1000000000", "-0,0"})
    void quantity_readsIntegers(String text, long value) {
        assertThat(LineChecks.quantityValue(text)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "1.0", "+1", "1e3", " 1", "١"})
    void quantity_rejectsAnythingButOptionalMinusAndDigits(String text) {
        assertThat(LineChecks.quantityValue(text)).isEqualTo(LineChecks.NOT_A_QUANTITY);
    }

    @ParameterizedTest
    @CsvSource({"1000000000,true", "-1000000000,true", "1000000001,false", "99999999999999999999999,false"})
    void quantity_rangeIsOneBillion(String text, boolean inRange) {
        assertThat(LineChecks.quantityInRange(LineChecks.quantityValue(text))).isEqualTo(inRange);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-7", "007", "-0", "1000000000", "-1000000001", "999999999999999999", "1000000000000000000",
        "0000000000000000000001", "99999999999999999999999", "", "-", "1.0", "+1", "١"})
    void quantityValue_agreesWithTheReferenceReading(String text) {
        BigInteger expected = referenceQuantity(text);
        long value = LineChecks.quantityValue(text);
        if (expected == null) {
            assertThat(value).isEqualTo(LineChecks.NOT_A_QUANTITY);
        } else if (expected.abs().compareTo(BigInteger.valueOf(999_999_999_999_999_999L)) > 0) {
            assertThat(value).isEqualTo(LineChecks.TOO_LARGE); // more digits than any quantity in range
            assertThat(LineChecks.quantityInRange(value)).isFalse();
        } else {
            assertThat(value).isEqualTo(expected.longValueExact());
        }
    }

    @ParameterizedTest
    @CsvSource({"0,0", "12.5,12.5", "0.0001,0.0001", "1000000000.0000,1000000000.0000", "0099,99"})
    void unitPrice_readsUpToFourFractionDigits(String text, String value) {
        long packed = LineChecks.unitPriceValue(text);
        assertThat(BigDecimal.valueOf(LineChecks.unitPriceUnscaled(packed), LineChecks.unitPriceScale(packed)))
                .isEqualByComparingTo(new BigDecimal(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".5", "5.", "1.23456", "-1", "1,5", "1e2"})
    void unitPrice_rejectsOtherShapes(String text) {
        assertThat(LineChecks.unitPriceValue(text)).isEqualTo(LineChecks.NOT_A_UNIT_PRICE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "12.5", "0.0001", "1000000000", "1000000000.0000", "1000000000.0001", "0099",
        "00000000000000000000001.5", "9999999999.9999", "10000000000", "99999999999999999999999", "12345.6789",
        "", ".5", "5.", "1.23456", "-1", "1,5", "1e2", "1.2.3"})
    void unitPriceValue_agreesWithTheReferenceReadingAndRange(String text) {
        // given the reference reading of the text
        BigDecimal expected = referenceUnitPrice(text);
        // when the hot path reads it
        long packed = LineChecks.unitPriceValue(text);
        // then both agree on shape, range (at most one billion) and value, and the scale is the digits as written
        if (expected == null) {
            assertThat(packed).isEqualTo(LineChecks.NOT_A_UNIT_PRICE);
        } else if (expected.compareTo(BigDecimal.valueOf(LineChecks.AMOUNT_LIMIT)) > 0) {
            assertThat(packed).isEqualTo(LineChecks.UNIT_PRICE_OUT_OF_RANGE);
        } else {
            assertThat(BigDecimal.valueOf(LineChecks.unitPriceUnscaled(packed), LineChecks.unitPriceScale(packed)))
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({"2026-11-20,true", "2026-02-29,false", "2028-02-29,true", "2026-2-1,false", "20261120,false"})
    void date_isStrictIsoLocalDate(String text, boolean valid) {
        assertThat(LineChecks.parseDate(text) != null).isEqualTo(valid);
    }
}
