package io.ledgerflow.console.web;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Numbers and times for people: thousands separators, amounts at the digits the ledger holds them
 * with (a JPY amount has none, a USD amount two), times in the business time zone. The values are
 * the ledger's own: only their writing changes.
 */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final ZoneId zone;

    public Formats(ZoneId zone) {
        this.zone = zone;
    }

    /** A count with thousands separators: 20,000. */
    public String count(long value) {
        return pattern(0).format(value);
    }

    /** A count that may be unknown (null): shown as a dash. */
    public String count(Long value) {
        return value == null ? "–" : count(value.longValue());
    }

    /** An amount with thousands separators at its own scale (the currency's minor digits): 1,234,567.80. */
    public String amount(BigDecimal value) {
        if (value == null) {
            return "–";
        }
        return pattern(Math.max(0, value.scale())).format(value);
    }

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    public ZoneId zone() {
        return zone;
    }

    private static DecimalFormat pattern(int fractionDigits) {
        DecimalFormat format = new DecimalFormat(fractionDigits == 0 ? "#,##0" : "#,##0." + "0".repeat(fractionDigits),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setParseBigDecimal(true);
        return format;
    }
}
