package io.ledgerflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FormatsTests {

    private final Formats formats = new Formats(ZoneId.of("Asia/Tokyo"));

    @Test
    void counts_getThousandsSeparators() {
        assertThat(formats.count(0)).isEqualTo("0");
        assertThat(formats.count(1_234_567L)).isEqualTo("1,234,567");
        assertThat(formats.count((Long) null)).isEqualTo("–");
    }

    @Test
    void amounts_keepTheirCurrencysDigits_exactly() {
        assertThat(formats.amount(new BigDecimal("1234567"))).isEqualTo("1,234,567");
        assertThat(formats.amount(new BigDecimal("1234567.80"))).isEqualTo("1,234,567.80");
        assertThat(formats.amount(new BigDecimal("0.05"))).isEqualTo("0.05");
        assertThat(formats.amount(new BigDecimal("99999999999999999.99"))).isEqualTo("99,999,999,999,999,999.99");
    }

    @Test
    void times_areShownInTheBusinessTimeZone() {
        assertThat(formats.time(Instant.parse("2026-11-20T15:30:00Z"))).isEqualTo("2026-11-21 00:30:00");
    }
}
