package io.ledgerflow.core.store;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalLine;
import io.ledgerflow.core.journal.csv.TrialBalance;
import io.ledgerflow.core.money.CurrencyUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure functions over summary lines: summarize entries (a worker's share of a day), merge shares,
 * total them per currency, and turn them into the canonical trial balance.
 */
public final class DaySummaries {

    private DaySummaries() {}

    /** The summary of some entries, in {@link SummaryLine#ORDER}. */
    public static List<SummaryLine> of(Iterable<JournalEntry> entries) {
        Map<String, SummaryLine> lines = new HashMap<>();
        for (JournalEntry entry : entries) {
            for (JournalLine line : entry.lines()) {
                String taxCode = line.taxCode() == null ? "" : line.taxCode();
                SummaryLine one = new SummaryLine(
                        line.account(), entry.department(), taxCode, entry.currency(), line.debit(), line.credit());
                lines.merge(one.key(), one, SummaryLine::plus);
            }
        }
        return sorted(lines.values());
    }

    /** Several summaries (of workers, or of days) added together, in {@link SummaryLine#ORDER}. */
    public static List<SummaryLine> merge(Collection<? extends Collection<SummaryLine>> summaries) {
        Map<String, SummaryLine> lines = new HashMap<>();
        for (Collection<SummaryLine> summary : summaries) {
            for (SummaryLine line : summary) {
                lines.merge(line.key(), line, SummaryLine::plus);
            }
        }
        return sorted(lines.values());
    }

    /** Debit and credit per currency. */
    public static List<ControlTotal> totals(Collection<SummaryLine> summary) {
        Map<CurrencyUnit, ControlTotal> totals = new TreeMap<>();
        for (SummaryLine line : summary) {
            totals.merge(line.currency(), new ControlTotal(line.currency(), line.debit(), line.credit()),
                    (a, b) -> new ControlTotal(a.currency(), a.debit().plus(b.debit()), a.credit().plus(b.credit())));
        }
        return new ArrayList<>(totals.values());
    }

    /** The canonical trial balance (tax codes folded together, gross sums). */
    public static TrialBalance trialBalance(Collection<SummaryLine> summary) {
        TrialBalance balance = new TrialBalance();
        for (SummaryLine line : summary) {
            balance.add(line.account(), line.department(), line.currency().code(),
                    line.debit().amount(), line.credit().amount());
        }
        return balance;
    }

    /**
     * Each line where {@code summary} and {@code ofEntries} (a re-aggregation of the entries)
     * differ, by key in order, named by account, department, tax code and currency; empty when equal.
     */
    public static List<String> differences(Collection<SummaryLine> summary, Collection<SummaryLine> ofEntries) {
        Map<String, SummaryLine> stored = new TreeMap<>();
        summary.forEach(l -> stored.put(l.key(), l));
        Map<String, SummaryLine> recomputed = new TreeMap<>();
        ofEntries.forEach(l -> recomputed.put(l.key(), l));
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(stored.keySet());
        keys.addAll(recomputed.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            SummaryLine s = stored.get(key);
            SummaryLine r = recomputed.get(key);
            if (s == null || r == null || !s.debit().equals(r.debit()) || !s.credit().equals(r.credit())) {
                SummaryLine any = s != null ? s : r;
                differences.add("account " + any.account() + " department " + any.department()
                        + (any.taxCode().isEmpty() ? "" : " tax " + any.taxCode()) + " " + any.currency()
                        + ": summary " + sides(s) + ", entries " + sides(r));
            }
        }
        return differences;
    }

    private static String sides(SummaryLine line) {
        return line == null ? "none" : "debit " + line.debit().toPlainString() + " credit " + line.credit().toPlainString();
    }

    /**
     * SHA-256 (hex) of the lines in {@link SummaryLine#ORDER}, one canonical text line each
     * (currency, minor digits, account, department, tax code, debit, credit): recorded when a run is
     * published, compared by the monthly close with the stored summary's.
     */
    public static String digest(Collection<SummaryLine> summary) {
        java.security.MessageDigest sha = Sha256.newDigest();
        for (SummaryLine line : sorted(summary)) {
            String text = line.currency().code() + '\t' + line.currency().minorDigits() + '\t' + line.account() + '\t'
                    + line.department() + '\t' + line.taxCode() + '\t' + line.debit().toPlainString() + '\t'
                    + line.credit().toPlainString() + '\n';
            sha.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return Sha256.hex(sha.digest());
    }

    private static List<SummaryLine> sorted(Collection<SummaryLine> lines) {
        List<SummaryLine> list = new ArrayList<>(lines);
        list.sort(SummaryLine.ORDER);
        return list;
    }
}
