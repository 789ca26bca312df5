package io.ledgerflow.core.journal;

import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.billing.RejectReason;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.rules.RuleSet;
import io.ledgerflow.core.rules.Rules;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The outcome of reading one day's billing lines: the invoices to post and the quarantined lines.
 * {@link #post} builds the entries in canonical order and checks the run's invariants.
 */
public final class JournalRun {

    private final RuleSet ruleSet;
    private final long linesRead;
    private final List<Invoice> invoices;
    private final long invoicesQuarantined;
    private final List<Reject> rejects;
    private final Map<CurrencyUnit, Money> readAmounts;
    private final JournalEntryBuilder builder;

    JournalRun(Rules rules, RuleSet ruleSet, LocalDate businessDate, long linesRead, List<Invoice> invoices,
            long invoicesQuarantined, List<Reject> rejects, Map<CurrencyUnit, Money> readAmounts) {
        this.ruleSet = ruleSet;
        this.linesRead = linesRead;
        this.invoices = invoices;
        this.invoices.sort(Comparator.comparing(invoice -> invoice.invoiceId));
        this.invoicesQuarantined = invoicesQuarantined;
        this.rejects = rejects;
        this.rejects.sort(Comparator.comparingLong(Reject::lineNumber));
        this.readAmounts = readAmounts;
        this.builder = new JournalEntryBuilder(rules, ruleSet, businessDate);
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    public long linesRead() {
        return linesRead;
    }

    public long linesQuarantined() {
        return rejects.size();
    }

    /** The quarantined lines, by line number. */
    public List<Reject> rejects() {
        return List.copyOf(rejects);
    }

    /** True when quarantined lines are more than {@code maxPercent} % of the lines read. */
    public boolean exceedsRejectThreshold(BigDecimal maxPercent) {
        BigDecimal quarantined = BigDecimal.valueOf(rejects.size()).multiply(BigDecimal.valueOf(100));
        return quarantined.compareTo(maxPercent.multiply(BigDecimal.valueOf(linesRead))) > 0;
    }

    /**
     * Builds each entry in {@code invoice_id} order and hands it to {@code sink}, then checks that
     * debits equal credits, that the entries post exactly the accepted line amounts, and that
     * read = posted + quarantined by count and amount. Throws {@link InvariantViolationException}.
     */
    public RunTotals post(Consumer<JournalEntry> sink) {
        Map<CurrencyUnit, Money> accepted = new TreeMap<>();
        Map<CurrencyUnit, Money> revenue = new TreeMap<>();
        Map<CurrencyUnit, Money> debit = new TreeMap<>();
        Map<CurrencyUnit, Money> credit = new TreeMap<>();
        long linesPosted = 0;
        long entries = 0;
        long journalLines = 0;
        for (Invoice invoice : invoices) {
            for (InvoiceLine line : invoice.lines) {
                accepted.merge(invoice.currency, line.amount(), Money::plus);
            }
            linesPosted += invoice.lines.size();
            var entry = builder.build(invoice.invoiceId, invoice.siteCode, invoice.currency, invoice.lines);
            if (entry.isEmpty()) {
                continue;
            }
            entries++;
            journalLines += entry.get().lines().size();
            tally(entry.get(), revenue, debit, credit);
            sink.accept(entry.get());
        }
        return reconcile(linesPosted, entries, journalLines, accepted, revenue, debit, credit);
    }

    private static void tally(JournalEntry entry, Map<CurrencyUnit, Money> revenue,
            Map<CurrencyUnit, Money> debit, Map<CurrencyUnit, Money> credit) {
        for (JournalLine line : entry.lines()) {
            debit.merge(entry.currency(), line.debit(), Money::plus);
            credit.merge(entry.currency(), line.credit(), Money::plus);
            if (line.kind() == LineKind.REVENUE) {
                revenue.merge(entry.currency(), line.credit().minus(line.debit()), Money::plus);
            }
        }
    }

    private RunTotals reconcile(long linesPosted, long entries, long journalLines, Map<CurrencyUnit, Money> accepted,
            Map<CurrencyUnit, Money> revenue, Map<CurrencyUnit, Money> debit, Map<CurrencyUnit, Money> credit) {
        if (linesRead != linesPosted + rejects.size()) {
            throw new InvariantViolationException("lines read " + linesRead + " != posted " + linesPosted
                    + " + quarantined " + rejects.size());
        }
        Map<CurrencyUnit, Money> quarantined = new TreeMap<>();
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        long unpriced = 0;
        for (Reject reject : rejects) {
            byReason.merge(reject.reason(), 1L, Long::sum);
            if (reject.amount() == null) {
                unpriced++;
            } else {
                quarantined.merge(reject.amount().currency(), reject.amount(), Money::plus);
            }
        }
        TreeSet<CurrencyUnit> currencies = new TreeSet<>(readAmounts.keySet());
        currencies.addAll(accepted.keySet());
        List<CurrencyTotals> totals = new ArrayList<>();
        for (CurrencyUnit currency : currencies) {
            Money zero = Money.zero(currency);
            Money read = readAmounts.getOrDefault(currency, zero);
            Money posted = revenue.getOrDefault(currency, zero);
            Money out = quarantined.getOrDefault(currency, zero);
            if (!posted.equals(accepted.getOrDefault(currency, zero))) {
                throw new InvariantViolationException(currency + ": entries post " + posted
                        + " of revenue but the accepted lines total " + accepted.getOrDefault(currency, zero));
            }
            if (!read.equals(posted.plus(out))) {
                throw new InvariantViolationException(currency + ": read " + read + " != posted " + posted
                        + " + quarantined " + out);
            }
            Money d = debit.getOrDefault(currency, zero);
            Money c = credit.getOrDefault(currency, zero);
            if (!d.equals(c)) {
                throw new InvariantViolationException(currency + ": journal debits " + d + " != credits " + c);
            }
            totals.add(new CurrencyTotals(currency, read, posted, out, d, c));
        }
        return new RunTotals(linesRead, linesPosted, rejects.size(), unpriced, invoices.size(), invoicesQuarantined,
                entries, journalLines, byReason, totals);
    }
}
