package io.ledgerflow.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.journal.csv.JournalCsvWriter;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rows {@link JournalRun} writes straight from minor units ({@link CanonicalRows}, for a
 * {@link io.ledgerflow.core.journal.CanonicalCsvSink}) against the {@code BigDecimal} path
 * ({@link JournalEntryBuilder}, then JournalCsvWriter per entry): the same bytes and totals, for
 * every rounding mode, currencies of 0 to 3 digits, negative and zero lines and entries, accounts
 * that need quoting, invoices past the insertion sort's size, and amounts past long's range.
 */
class CanonicalRowsTest {

    static final LocalDate DATE = LocalDate.of(2026, 11, 20);

    @ParameterizedTest(name = "line {0}, tax {1}, seed {2}")
    @CsvSource({"HALF_UP, DOWN, 1", "HALF_EVEN, HALF_EVEN, 2", "DOWN, UP, 3", "UP, HALF_UP, 4", "FLOOR, CEILING, 5",
        "CEILING, FLOOR, 6", "HALF_DOWN, HALF_DOWN, 7", "HALF_UP, HALF_EVEN, 8"})
    void rowsFromMinorUnits_equalTheEntriesBuiltInBigDecimal(RoundingMode line, RoundingMode tax, long seed) {
        // given rules in those modes and a day of random lines
        Rules rules = RulesLoader.load(new ByteArrayInputStream(rules(line, tax).getBytes(StandardCharsets.UTF_8)), "r.yaml");
        String csv = day(new Random(seed));
        // when the run is posted once through the canonical sink and once entry by entry in BigDecimal
        StringWriter fast = new StringWriter();
        CanonicalCsvSink<String> writer = new JournalCsvWriter(fast).sink();
        List<JournalEntry> builtInBigDecimal = new ArrayList<>();
        RunTotals fastTotals = run(rules, csv).post(new CanonicalCsvSink<String>() {
            @Override
            public void appendRows(StringBuilder rows, JournalEntry entry) {
                synchronized (builtInBigDecimal) {
                    builtInBigDecimal.add(entry);
                }
                writer.appendRows(rows, entry);
            }

            @Override
            public String prepareRows(StringBuilder rows) {
                return writer.prepareRows(rows);
            }

            @Override
            public void accept(String prepared) {
                writer.accept(prepared);
            }
        });
        // and once through the UTF-8 sink
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        RunTotals bytesTotals = run(rules, csv).post(JournalCsvWriter.utf8Sink(bytes));
        StringWriter decimal = new StringWriter();
        JournalCsvWriter perEntry = new JournalCsvWriter(decimal);
        RunTotals decimalTotals = run(rules, csv).post(perEntry::write);
        // then both wrote the same bytes and reconciled to the same totals
        assertThat(fast.toString().lines().count()).isGreaterThan(1_000);
        assertThat(fast.toString()).isEqualTo(decimal.toString());
        assertThat(fastTotals).isEqualTo(decimalTotals);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(decimal.toString());
        assertThat(bytesTotals).isEqualTo(decimalTotals);
        // and only the invoices past long's range (about 1 in 100) took the BigDecimal path
        assertThat(builtInBigDecimal).isNotEmpty().hasSizeLessThan(100)
                .allSatisfy(entry -> assertThat(entry.lines().getFirst().amount().amount().abs())
                        .isGreaterThan(java.math.BigDecimal.valueOf(Long.MAX_VALUE, 2)));
    }

    @ParameterizedTest(name = "revenue account {0}")
    @CsvSource({"4130", "売上4130", "Ümsatz"})
    void utf8Sink_writesTheRulesTextsInUtf8_whetherOrNotTheyAreAscii(String account) {
        // given rules whose account may hold characters past ASCII (rows are then encoded in full)
        Rules rules = RulesLoader.load(new ByteArrayInputStream(rules(RoundingMode.HALF_UP, RoundingMode.DOWN)
                .replace("HANDLING: \"4130\"", "HANDLING: \"" + account + "\"").getBytes(StandardCharsets.UTF_8)), "r.yaml");
        String csv = day(new Random(11));
        // when the run is posted through the UTF-8 sink and entry by entry in BigDecimal
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        run(rules, csv).post(JournalCsvWriter.utf8Sink(bytes));
        StringWriter decimal = new StringWriter();
        JournalCsvWriter perEntry = new JournalCsvWriter(decimal);
        run(rules, csv).post(perEntry::write);
        // then the bytes are the BigDecimal path's text in UTF-8, the account as written in the rules
        assertThat(decimal.toString()).contains("," + account + ",");
        assertThat(bytes.toByteArray()).isEqualTo(decimal.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JournalRun run(Rules rules, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        try (BillingCsvReader reader = BillingCsvReader.open(new ByteArrayInputStream(bytes), "t.csv", StandardCharsets.UTF_8)) {
            return Journalizer.journalize(rules, DATE, reader);
        }
    }

    private static String rules(RoundingMode line, RoundingMode tax) {
        return """
                company: "1000"
                currencies: { JPY: 0, USD: 2, KWD: 3 }
                rounding: { line: %s, tax: %s }
                accounts: { receivable: "11,30" }
                rule_sets:
                  - effective_from: 2026-04-01
                    tax_codes:
                      S10: { rate: "0.10", payable_account: "2191" }
                      R8:  { rate: "0.08", payable_account: "21\\"92" }
                      US7: { rate: "0.0725", payable_account: "2193" }
                      X12: { rate: "0.123456", payable_account: "2194" }
                      ZR:  { rate: "0" }
                    revenue_accounts: { FREIGHT: "4110", STORAGE: "41,20", HANDLING: "4130" }
                """.formatted(line, tax);
    }

    /** About 3,000 invoices: most small, some of 33-80 lines, some summing to zero, a few past long's range. */
    private static String day(Random random) {
        String[] codes = {"S10", "R8", "US7", "X12", "ZR"};
        String[] types = {"FREIGHT", "STORAGE", "HANDLING"};
        String[] currencies = {"JPY", "USD", "KWD"};
        StringBuilder csv = new StringBuilder(
                "billing_id,invoice_id,business_date,site_code,customer_code,billing_type,tax_code,quantity,unit_price,currency\n");
        int billing = 0;
        for (int invoice = 0; invoice < 3_000; invoice++) {
            String currency = currencies[random.nextInt(currencies.length)];
            String head = "I" + random.nextInt(1_000_000) + "-" + invoice + ",2026-11-20,S" + invoice % 7 + ",C1,";
            int kind = random.nextInt(100);
            int count = kind < 3 ? 33 + random.nextInt(48) : 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                // billing ids out of order within an invoice, of different lengths
                String id = "B" + random.nextInt(1000) + "-" + billing++;
                String type = types[random.nextInt(types.length)];
                String code = codes[random.nextInt(codes.length)];
                long quantity = (random.nextInt(9) - 3) * (random.nextBoolean() ? 1 : 1 + random.nextInt(1_000));
                quantity = quantity == 0 ? 1 : quantity;
                String price = random.nextInt(20_000) + (random.nextBoolean() ? "" : "." + (1 + random.nextInt(9_999)));
                if (kind >= 3 && kind < 8) {
                    // an invoice whose lines cancel out: a line and its negation, zero-rated
                    csv.append(id).append("a,").append(head).append(type).append(",ZR,3,").append(price).append(',').append(currency).append('\n');
                    csv.append(id).append("b,").append(head).append(type).append(",ZR,-3,").append(price).append(',').append(currency).append('\n');
                    continue;
                }
                if (kind == 8 && i == 0) {
                    // minor units past long's range
                    quantity = 1_000_000_000;
                    price = "999999999.9999";
                    currency = "USD";
                }
                csv.append(id).append(',').append(head).append(type).append(',').append(code).append(',')
                        .append(quantity).append(',').append(price).append(',').append(currency).append('\n');
            }
        }
        return csv.toString();
    }
}
