package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.journal.csv.JournalCsvWriter;
import io.ledgerflow.core.store.JournalStore;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The journals the functional tests compare: what {@code journalize} computes from a file (the
 * pure calculation, the reference), and what a home or a store holds for a day. One place, so
 * that every test compares the same two things the same way.
 */
final class Journals {

    static final String RULES = GoldenCasesTest.FIXTURES.resolve("rules.yaml").toString();

    private Journals() {}

    /** A generated day's file: {@code records} lines, a share {@code badRate} of them bad, 8 % credits. */
    static String generated(LocalDate date, long records, long seed, double badRate) {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, badRate, 0.08)).write(text);
        return text.toString();
    }

    /** {@link #generated} written to {@code file}. */
    static Path generate(Path file, LocalDate date, long records, long seed, double badRate) throws IOException {
        return Files.writeString(file, generated(date, records, seed, badRate), StandardCharsets.UTF_8);
    }

    /** The canonical journal of {@code input} by {@code journalize} (scratch files under {@code dir}). */
    static String journalize(Path dir, LocalDate date, Path input) throws IOException {
        Path out = dir.resolve("expected-" + System.nanoTime() + ".csv");
        CliRun run = CliRun.of("journalize", "--date", date.toString(), "--input", input.toString(), "--rules", RULES,
                "--out", out.toString(), "--max-reject-percent", "100");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Files.readString(out);
    }

    /** The canonical journal of the file {@code csv}. */
    static String journalize(Path dir, LocalDate date, String csv) throws IOException {
        return journalize(dir, date, Files.writeString(dir.resolve("in-" + System.nanoTime() + ".csv"), csv));
    }

    /** The day's journal as {@code ledgerflow journal} prints it from {@code home}. */
    static String stored(Path dir, Path home, LocalDate date) throws IOException {
        Path out = dir.resolve("journal-" + System.nanoTime() + ".csv");
        CliRun run = CliRun.of("journal", "--home", home.toString(), "--date", date.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Files.readString(out);
    }

    /** The day's journal as {@code store} holds it (a home already open in this process). */
    static String stored(JournalStore store, LocalDate date) {
        StringWriter text = new StringWriter();
        JournalCsvWriter csv = new JournalCsvWriter(text);
        store.journal(date).forEach(csv::write);
        return text.toString();
    }
}
