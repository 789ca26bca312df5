package io.ledgerflow.core.daily;

import io.ledgerflow.core.journal.CurrencyTotals;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.store.ControlTotal;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.SummaryLine;
import io.ledgerflow.core.store.WrittenItem;
import io.ledgerflow.core.store.WrittenItems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A day's totals, added up from what its partitions reported: line counts, line amounts and journal
 * debit and credit per currency, the summary, and the items the workers wrote. Pure: the finalize
 * step publishes what this returns.
 *
 * @param currencies by currency code
 * @param summary in {@link SummaryLine#ORDER}
 */
record DayTotals(long linesRead, long linesPosted, long linesQuarantined, long entries, List<CurrencyTotals> currencies,
        List<SummaryLine> summary, List<WrittenItem> written) {

    DayTotals {
        currencies = List.copyOf(currencies);
        summary = List.copyOf(summary);
        written = List.copyOf(written);
    }

    /**
     * Adds the partitions up, amounts in the rules' currencies. Throws
     * {@link InvariantViolationException} for a partition that reported no written items (a result
     * the publish could not check).
     */
    static DayTotals of(List<PartitionResult> results, Rules rules) {
        long read = 0, posted = 0, quarantined = 0, entries = 0;
        Map<String, CurrencyTotals> currencies = new TreeMap<>();
        List<List<SummaryLine>> summaries = new ArrayList<>();
        List<WrittenItem> written = new ArrayList<>();
        for (PartitionResult result : results) {
            read += result.linesRead();
            posted += result.linesPosted();
            quarantined += result.linesQuarantined();
            entries += result.entries();
            for (PartitionResult.Amounts a : result.currencies()) {
                currencies.merge(a.currency(), totals(rules.currency(a.currency()), a), DayTotals::plus);
            }
            summaries.add(summary(result, rules));
            if (result.written() == null) {
                throw new InvariantViolationException("partition " + result.partition() + " reported no written items;"
                        + " its result cannot be checked against the store");
            }
            written.addAll(result.written());
        }
        return new DayTotals(read, posted, quarantined, entries, new ArrayList<>(currencies.values()),
                DaySummaries.merge(summaries), written);
    }

    /**
     * The run's completion: per currency, line amounts read = posted + quarantined (throws
     * {@link InvariantViolationException} otherwise), and the journal's debit and credit as its
     * control totals (currencies with no journal amount left out).
     */
    RunCompletion completion() {
        List<ControlTotal> controls = new ArrayList<>();
        for (CurrencyTotals c : currencies) {
            if (c.read().compareTo(c.posted().plus(c.quarantined())) != 0) {
                throw new InvariantViolationException(c.currency().code() + ": read " + c.read().toPlainString()
                        + " != posted " + c.posted().toPlainString() + " + quarantined " + c.quarantined().toPlainString());
            }
            if (!c.debit().isZero() || !c.credit().isZero()) {
                controls.add(new ControlTotal(c.currency(), c.debit(), c.credit()));
            }
        }
        return new RunCompletion(linesRead, linesPosted, linesQuarantined, entries, controls);
    }

    /** What the workers wrote, as the publish checks the store against it. */
    WrittenItems receipt() {
        return new WrittenItems(written, summary);
    }

    private static CurrencyTotals totals(CurrencyUnit currency, PartitionResult.Amounts a) {
        return new CurrencyTotals(currency, Money.of(currency, a.read()), Money.of(currency, a.posted()),
                Money.of(currency, a.quarantined()), Money.of(currency, a.debit()), Money.of(currency, a.credit()));
    }

    private static CurrencyTotals plus(CurrencyTotals a, CurrencyTotals b) {
        return new CurrencyTotals(a.currency(), a.read().plus(b.read()), a.posted().plus(b.posted()),
                a.quarantined().plus(b.quarantined()), a.debit().plus(b.debit()), a.credit().plus(b.credit()));
    }

    private static List<SummaryLine> summary(PartitionResult result, Rules rules) {
        List<SummaryLine> lines = new ArrayList<>(result.summary().size());
        for (PartitionResult.Summary s : result.summary()) {
            CurrencyUnit currency = rules.currency(s.currency());
            lines.add(new SummaryLine(s.account(), s.department(), s.taxCode(), currency,
                    Money.of(currency, s.debit()), Money.of(currency, s.credit())));
        }
        return lines;
    }
}
