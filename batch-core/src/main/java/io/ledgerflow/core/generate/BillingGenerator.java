package io.ledgerflow.core.generate;

import io.ledgerflow.core.csv.CsvText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic, realistic billing CSV for demos, tests and benchmarks, the same for the same seed:
 * dozens of sites, thousands of customers, 1-20 lines per invoice (mostly few), a mix of tax codes,
 * about 5 % credits, a share of USD invoices, descriptions with commas, quotes and Japanese text,
 * and a fraction of bad lines spread over every reject reason.
 */
public final class BillingGenerator {

    public static final String HEADER = "billing_id,invoice_id,business_date,site_code,customer_code,billing_type,"
            + "tax_code,quantity,unit_price,currency,description";
    public static final int LINES_PER_INVOICE_MAX = 20;
    private static final String[] CITIES = {"TYO", "OSA", "NGY", "FUK", "SPK", "SDJ", "HIJ", "KOB", "YOK", "CHB"};
    private static final int SITES_PER_CITY = 4;
    private static final int CUSTOMERS = 3_000;
    private static final String[] DESCRIPTIONS = {
        "Line haul", "Pallet storage, cold chain", "Cross-dock handling", "Container drayage 40\" HC",
        "冷凍保管料", "Last-mile delivery, Osaka", "Forklift handling", "Customs brokerage fee", ""
    };

    /** Generator settings; {@code badLineFraction} of lines carry one fault each. */
    public record Settings(LocalDate date, long records, long seed, double badLineFraction, double usdInvoiceFraction) {
        public Settings {
            if (records < 0) {
                throw new IllegalArgumentException("records must be >= 0");
            }
            if (badLineFraction < 0 || badLineFraction > 1 || usdInvoiceFraction < 0 || usdInvoiceFraction > 1) {
                throw new IllegalArgumentException("fractions must be between 0 and 1");
            }
        }
    }

    private final Settings settings;
    private final SplittableRandom random;
    private final String dateText;
    private final String idPrefix;
    private final List<String> earlierBillingIds = new ArrayList<>();
    private long billingSeq;
    private long invoiceSeq;

    public BillingGenerator(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.dateText = settings.date().toString();
        this.idPrefix = dateText.replace("-", "");
    }

    /** Writes the header and exactly {@code records} lines. */
    public void write(Writer out) {
        StringBuilder text = new StringBuilder(1 << 17).append(HEADER).append('\n');
        long written = 0;
        try {
            while (written < settings.records()) {
                int lines = (int) Math.min(linesInNextInvoice(), settings.records() - written);
                appendInvoice(text, lines);
                written += lines;
                if (text.length() > 1 << 16) {
                    out.append(text);
                    text.setLength(0);
                }
            }
            out.append(text);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int linesInNextInvoice() {
        // Mostly small invoices, a long tail up to 20 lines (mean about 4).
        int n = 1 + (int) (-Math.log(1 - random.nextDouble()) * 3);
        return Math.min(n, LINES_PER_INVOICE_MAX);
    }

    private void appendInvoice(StringBuilder text, int lines) {
        String city = CITIES[random.nextInt(CITIES.length)];
        String site = city + String.format("%02d", 1 + random.nextInt(SITES_PER_CITY));
        String customer = String.format("C%05d", random.nextInt(CUSTOMERS));
        boolean usd = random.nextDouble() < settings.usdInvoiceFraction();
        String invoiceId = String.format("INV-%s-%s-%06d", site, idPrefix, ++invoiceSeq * 7919 % 1_000_000);
        for (int i = 0; i < lines; i++) {
            String[] f = goodLine(invoiceId, site, customer, usd);
            if (random.nextDouble() < settings.badLineFraction()) {
                f = Faults.corrupt(f, random, earlierBillingIds, dateText);
            }
            appendLine(text, f);
        }
    }

    private String[] goodLine(String invoiceId, String site, String customer, boolean usd) {
        String billingId = "B" + idPrefix + "-" + String.format("%08d", ++billingSeq);
        if (earlierBillingIds.size() < 1_000) {
            earlierBillingIds.add(billingId);
        }
        double type = random.nextDouble();
        String billingType = type < 0.55 ? "FREIGHT" : type < 0.80 ? "STORAGE" : "HANDLING";
        double tax = random.nextDouble();
        String taxCode = tax < 0.70 ? "S10" : tax < 0.85 ? "R8" : tax < 0.95 ? "ZR" : "EX";
        long quantity = 1 + random.nextInt(random.nextDouble() < 0.8 ? 20 : 500);
        if (random.nextDouble() < 0.05) {
            quantity = -quantity;
        }
        String price = usd ? usdPrice() : jpyPrice();
        String description = DESCRIPTIONS[random.nextInt(DESCRIPTIONS.length)];
        return new String[] {billingId, invoiceId, dateText, site, customer, billingType, taxCode,
            Long.toString(quantity), price, usd ? "USD" : "JPY", description};
    }

    private String jpyPrice() {
        long yen = 50 + random.nextInt(30_000);
        double kind = random.nextDouble();
        if (kind < 0.15) {
            return yen + "." + (1 + random.nextInt(9)); // fractional yen rates: line rounding matters
        }
        if (kind < 0.20) {
            return yen + "." + String.format("%04d", random.nextInt(10_000));
        }
        return Long.toString(yen);
    }

    private String usdPrice() {
        long cents = 50 + random.nextInt(50_000);
        String base = (cents / 100) + "." + String.format("%02d", cents % 100);
        return random.nextDouble() < 0.2 ? base + (random.nextInt(9) + 1) : base;
    }

    private static void appendLine(StringBuilder text, String[] fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            CsvText.appendField(text, fields[i]);
        }
        text.append('\n');
    }
}
