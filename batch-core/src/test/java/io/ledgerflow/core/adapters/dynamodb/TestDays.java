package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalRun;
import io.ledgerflow.core.journal.Journalizer;
import io.ledgerflow.core.journal.RunTotals;
import io.ledgerflow.core.journal.csv.JournalCsvWriter;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.SummaryLine;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Realistic days of journal entries for store tests, made by the real generator and calculation. */
final class TestDays {

    static final Path FIXTURES = Path.of("..", "fixtures");
    static final Rules RULES = RulesLoader.load(FIXTURES.resolve("rules.yaml"));

    /** A journalized day: its entries in canonical order and the run's totals. */
    record Day(LocalDate date, List<JournalEntry> entries, RunTotals totals) {
        RunCompletion completion() {
            return RunCompletion.of(totals);
        }

        List<SummaryLine> summary() {
            return DaySummaries.of(entries);
        }

        String csv() {
            return TestDays.csv(entries);
        }
    }

    private TestDays() {}

    /** {@code records} generated billing lines of {@code date}, without faults, journalized. */
    static Day generate(LocalDate date, long records, long seed) {
        StringWriter billing = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, 0.0, 0.1)).write(billing);
        byte[] bytes = billing.toString().getBytes(StandardCharsets.UTF_8);
        try (BillingCsvReader reader = BillingCsvReader.open(new ByteArrayInputStream(bytes), "generated", StandardCharsets.UTF_8)) {
            return journalize(date, reader, RULES);
        }
    }

    static Day journalize(LocalDate date, BillingCsvReader reader, Rules rules) {
        JournalRun run = Journalizer.journalize(rules, date, reader);
        List<JournalEntry> entries = new ArrayList<>();
        RunTotals totals = run.post(entries::add);
        return new Day(date, entries, totals);
    }

    static String csv(List<JournalEntry> entries) {
        StringWriter out = new StringWriter();
        JournalCsvWriter writer = new JournalCsvWriter(out);
        entries.forEach(writer::write);
        return out.toString();
    }
}
