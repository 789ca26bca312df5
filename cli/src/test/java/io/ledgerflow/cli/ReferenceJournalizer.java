package io.ledgerflow.cli;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.ledgerflow.core.rules.RuleSet;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.TaxCode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A deliberately plain re-reading of DESIGN's input rules and calculation, written apart from the
 * production code (regular expressions, one pass, no threads, no shared helpers) so that the two
 * can be compared on large generated files. Test code only.
 */
final class ReferenceJournalizer {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern QUANTITY = Pattern.compile("-?[0-9]+");
    private static final Pattern PRICE = Pattern.compile("[0-9]+(\\.[0-9]{1,4})?");
    private static final BigDecimal LIMIT = new BigDecimal("1000000000");
    private static final List<String> REQUIRED = List.of("billing_id", "invoice_id", "business_date", "site_code",
            "customer_code", "billing_type", "tax_code", "quantity", "unit_price", "currency");

    record Line(long lineNumber, Map<String, String> f, BigDecimal amount) {}

    final StringBuilder journal = new StringBuilder(
            "entry_id,business_date,invoice_id,line_no,account,department,tax_code,debit,credit,currency,billing_id\n");
    final StringBuilder rejects = new StringBuilder("line_number,billing_id,invoice_id,reason\n");

    ReferenceJournalizer(String csv, Rules rules, LocalDate date) {
        RuleSet set = rules.ruleSetFor(date).orElseThrow();
        List<CsvRecord> records = new ArrayList<>();
        CsvReader.builder().allowExtraFields(true).allowMissingFields(true).ofCsvRecord(csv).forEach(records::add);
        List<String> header = records.getFirst().getFields();
        Map<Long, String> reasons = new TreeMap<>();
        Map<Long, String[]> ids = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, List<Line>> invoices = new LinkedHashMap<>();
        Map<String, Map<String, String>> invoiceHeader = new HashMap<>();
        Set<String> badInvoices = new HashSet<>();
        for (CsvRecord r : records.subList(1, records.size())) {
            long n = r.getStartingLineNumber();
            if (r.getFieldCount() != header.size()) {
                reasons.put(n, "MALFORMED_ROW");
                ids.put(n, new String[] {"", ""});
                continue;
            }
            Map<String, String> f = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                f.put(header.get(i), r.getField(i));
            }
            ids.put(n, new String[] {f.get("billing_id"), f.get("invoice_id")});
            String reason = check(f, rules, set, date);
            boolean dup = !f.get("billing_id").isEmpty() && !seen.add(f.get("billing_id"));
            if (reason == null && dup) {
                reason = "DUPLICATE_BILLING_ID";
            }
            String inv = f.get("invoice_id");
            boolean known = ID.matcher(inv).matches() && inv.length() <= 64;
            if (reason == null) {
                Map<String, String> first = invoiceHeader.putIfAbsent(inv, f);
                if (first != null && !(first.get("customer_code").equals(f.get("customer_code"))
                        && first.get("site_code").equals(f.get("site_code")) && first.get("currency").equals(f.get("currency")))) {
                    reason = "INCONSISTENT_INVOICE";
                }
            }
            if (reason == null) {
                BigDecimal amount = new BigDecimal(f.get("quantity")).multiply(new BigDecimal(f.get("unit_price")))
                        .setScale(rules.currency(f.get("currency")).minorDigits(), rules.lineRounding());
                invoices.computeIfAbsent(inv, k -> new ArrayList<>()).add(new Line(n, f, amount));
            } else {
                reasons.put(n, reason);
                if (known) {
                    badInvoices.add(inv);
                }
            }
        }
        for (String inv : badInvoices) {
            for (Line line : invoices.getOrDefault(inv, List.of())) {
                reasons.put(line.lineNumber(), "INVOICE_HAS_REJECTED_LINE");
            }
            invoices.remove(inv);
        }
        reasons.forEach((n, reason) -> rejects.append(n).append(',').append(quote(ids.get(n)[0])).append(',')
                .append(quote(ids.get(n)[1])).append(',').append(reason).append('\n'));
        new TreeMap<>(invoices).forEach((inv, lines) -> entry(inv, lines, rules, set, date));
    }

    private static String check(Map<String, String> f, Rules rules, RuleSet set, LocalDate date) {
        for (String column : REQUIRED) {
            if (f.get(column).isEmpty()) {
                return "MISSING_FIELD";
            }
        }
        int[] max = {64, 64, 16, 32};
        String[] cols = {"billing_id", "invoice_id", "site_code", "customer_code"};
        for (int i = 0; i < cols.length; i++) {
            if (!ID.matcher(f.get(cols[i])).matches() || f.get(cols[i]).length() > max[i]) {
                return "INVALID_FIELD";
            }
        }
        LocalDate d;
        try {
            d = LocalDate.parse(f.get("business_date"), DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT));
        } catch (RuntimeException e) {
            return "INVALID_DATE";
        }
        if (!d.equals(date)) {
            return "WRONG_BUSINESS_DATE";
        }
        if (!QUANTITY.matcher(f.get("quantity")).matches() || new BigDecimal(f.get("quantity")).signum() == 0) {
            return "INVALID_QUANTITY";
        }
        if (!PRICE.matcher(f.get("unit_price")).matches()) {
            return "INVALID_UNIT_PRICE";
        }
        if (new BigDecimal(f.get("quantity")).abs().compareTo(LIMIT) > 0 || new BigDecimal(f.get("unit_price")).compareTo(LIMIT) > 0) {
            return "AMOUNT_OUT_OF_RANGE";
        }
        if (rules.currency(f.get("currency")) == null) {
            return "UNKNOWN_CURRENCY";
        }
        if (set.revenueAccount(f.get("billing_type")) == null) {
            return "UNKNOWN_BILLING_TYPE";
        }
        if (set.taxCode(f.get("tax_code")) == null) {
            return "UNKNOWN_TAX_CODE";
        }
        return null;
    }

    private void entry(String inv, List<Line> lines, Rules rules, RuleSet set, LocalDate date) {
        List<Line> sorted = new ArrayList<>(lines);
        sorted.sort((a, b) -> a.f().get("billing_id").compareTo(b.f().get("billing_id")));
        Map<String, BigDecimal> base = new TreeMap<>();
        BigDecimal gross = BigDecimal.ZERO;
        for (Line l : sorted) {
            base.merge(l.f().get("tax_code"), l.amount(), BigDecimal::add);
            gross = gross.add(l.amount());
        }
        int digits = rules.currency(sorted.getFirst().f().get("currency")).minorDigits();
        Map<String, BigDecimal> tax = new TreeMap<>();
        for (var e : base.entrySet()) {
            BigDecimal t = e.getValue().multiply(set.taxCode(e.getKey()).rate()).setScale(digits, rules.taxRounding());
            tax.put(e.getKey(), t);
            gross = gross.add(t);
        }
        Map<String, String> first = sorted.getFirst().f();
        int[] no = {0};
        java.util.function.BiConsumer<String[], BigDecimal> row = (cols, signed) -> {
            // cols: account, tax_code, billing_id, debitWhenPositive
            boolean debit = cols[3].equals("D") == (signed.signum() > 0);
            String amount = signed.abs().toPlainString();
            journal.append(date).append(':').append(inv).append(',').append(date).append(',').append(inv).append(',')
                    .append(++no[0]).append(',').append(cols[0]).append(',').append(first.get("site_code")).append(',')
                    .append(cols[1]).append(',').append(debit ? amount : "").append(',').append(debit ? "" : amount)
                    .append(',').append(first.get("currency")).append(',').append(cols[2]).append('\n');
        };
        if (gross.signum() != 0) {
            row.accept(new String[] {rules.receivableAccount(), "", "", "D"}, gross);
        }
        for (Line l : sorted) {
            if (l.amount().signum() != 0) {
                row.accept(new String[] {set.revenueAccount(l.f().get("billing_type")), l.f().get("tax_code"),
                    l.f().get("billing_id"), "C"}, l.amount());
            }
        }
        tax.forEach((code, t) -> {
            if (t.signum() != 0) {
                TaxCode tc = set.taxCode(code);
                row.accept(new String[] {tc.payableAccount(), code, "", "C"}, t);
            }
        });
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
