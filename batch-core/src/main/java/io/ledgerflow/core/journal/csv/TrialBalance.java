package io.ledgerflow.core.journal.csv;

import io.ledgerflow.core.csv.CsvText;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gross debit and credit sums per (account, department, currency), written in DESIGN's canonical
 * trial-balance format sorted by those three columns. Amounts keep the scale they come with (the
 * currency's minor digits), so sums print at that scale.
 */
public final class TrialBalance {

    public static final String HEADER = "account,department,currency,debit,credit";

    /** A row of the trial balance. */
    public record Row(String account, String department, String currency, BigDecimal debit, BigDecimal credit) {}

    private record Key(String account, String department, String currency) {}

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::account)
            .thenComparing(Key::department)
            .thenComparing(Key::currency);

    private final Map<Key, BigDecimal[]> sums = new TreeMap<>(ORDER);
    private final Map<String, Integer> scaleByCurrency = new HashMap<>();

    public void add(JournalEntry entry) {
        for (JournalLine line : entry.lines()) {
            add(line.account(), entry.department(), entry.currency().code(), line.debit().amount(), line.credit().amount());
        }
    }

    /** Adds gross amounts (either may be zero) to a row. */
    public void add(String account, String department, String currency, BigDecimal debit, BigDecimal credit) {
        int scale = Math.max(debit.scale(), credit.scale());
        scaleByCurrency.merge(currency, scale, Math::max);
        BigDecimal[] row = sums.computeIfAbsent(new Key(account, department, currency),
                k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        row[0] = row[0].add(debit);
        row[1] = row[1].add(credit);
    }

    public List<Row> rows() {
        return sums.entrySet().stream().map(e -> {
            int scale = scaleByCurrency.get(e.getKey().currency());
            return new Row(e.getKey().account(), e.getKey().department(), e.getKey().currency(),
                    e.getValue()[0].setScale(scale), e.getValue()[1].setScale(scale));
        }).toList();
    }

    public void write(Writer out) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Row row : rows()) {
            CsvText.appendField(text, row.account());
            text.append(',');
            CsvText.appendField(text, row.department());
            text.append(',').append(row.currency()).append(',')
                    .append(row.debit().toPlainString()).append(',')
                    .append(row.credit().toPlainString()).append('\n');
        }
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
