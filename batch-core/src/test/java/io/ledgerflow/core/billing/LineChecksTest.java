package io.ledgerflow.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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

    @ParameterizedTest
    @CsvSource({"1,1", "-7,-7", "007,7", "1000000000,1000000000", "-0,0"})
    void quantity_parsesIntegers(String text, long value) {
        assertThat(LineChecks.parseQuantity(text)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "1.0", "+1", "1e3", " 1", "١"})
    void quantity_rejectsAnythingButOptionalMinusAndDigits(String text) {
        assertThat(LineChecks.parseQuantity(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"1000000000,true", "-1000000000,true", "1000000001,false", "99999999999999999999999,false"})
    void quantity_rangeIsOneBillion(String text, boolean inRange) {
        assertThat(LineChecks.quantityInRange(LineChecks.parseQuantity(text))).isEqualTo(inRange);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "12.5,12.5", "0.0001,0.0001", "1000000000.0000,1000000000.0000", "0099,99"})
    void unitPrice_parsesUpToFourFractionDigits(String text, String value) {
        assertThat(LineChecks.parseUnitPrice(text)).isEqualByComparingTo(new BigDecimal(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".5", "5.", "1.23456", "-1", "1,5", "1e2"})
    void unitPrice_rejectsOtherShapes(String text) {
        assertThat(LineChecks.parseUnitPrice(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "12.5", "0.0001", "1000000000", "1000000000.0000", "1000000000.0001", "0099",
        "00000000000000000000001.5", "9999999999.9999", "10000000000", "99999999999999999999999", "12345.6789",
        "", ".5", "5.", "1.23456", "-1", "1,5", "1e2", "1.2.3"})
    void unitPriceValue_agreesWithTheBigDecimalParseAndRange(String text) {
        // given the BigDecimal reading of the text
        BigDecimal expected = LineChecks.parseUnitPrice(text);
        // when the hot path reads it
        long packed = LineChecks.unitPriceValue(text);
        // then both agree on shape, range and value
        if (expected == null) {
            assertThat(packed).isEqualTo(LineChecks.NOT_A_UNIT_PRICE);
        } else if (!LineChecks.unitPriceInRange(expected)) {
            assertThat(packed).isEqualTo(LineChecks.UNIT_PRICE_OUT_OF_RANGE);
        } else {
            assertThat(BigDecimal.valueOf(LineChecks.unitPriceUnscaled(packed), LineChecks.unitPriceScale(packed)))
                    .isEqualTo(expected.setScale(LineChecks.unitPriceScale(packed)));
            assertThat(LineChecks.unitPriceScale(packed)).isEqualTo(Math.max(0, expected.scale()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-7", "007", "-0", "1000000000", "99999999999999999999999", "", "-", "1.0", "+1", "١"})
    void quantityValue_agreesWithTheBoxedParse(String text) {
        Long boxed = LineChecks.parseQuantity(text);
        assertThat(LineChecks.quantityValue(text)).isEqualTo(boxed == null ? LineChecks.NOT_A_QUANTITY : boxed);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-20,true", "2026-02-29,false", "2028-02-29,true", "2026-2-1,false", "20261120,false"})
    void date_isStrictIsoLocalDate(String text, boolean valid) {
        assertThat(LineChecks.parseDate(text) != null).isEqualTo(valid);
    }
}
