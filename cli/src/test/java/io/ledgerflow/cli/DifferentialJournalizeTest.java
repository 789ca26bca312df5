package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The production journalize against {@link ReferenceJournalizer}, an independent plain reading of
 * DESIGN, on generated days with many bad lines of every kind and invoices scattered through the
 * file (lines shuffled), so that ordering, chunking and quarantine are exercised at volume.
 */
class DifferentialJournalizeTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, {1} lines, bad fraction {2}, shuffled {3}")
    @CsvSource({"1, 30000, 0.01, false", "2, 30000, 0.03, true", "3, 12000, 0.2, true"})
    void journalize_agreesWithTheReferenceReading(long seed, long records, double bad, boolean shuffle) throws IOException {
        LocalDate date = LocalDate.of(2026, 11, 20);
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, bad, 0.1)).write(text);
        String csv = shuffle ? shuffled(text.toString(), seed) : text.toString();
        Path input = Files.writeString(dir.resolve("in.csv"), csv, StandardCharsets.UTF_8);
        Path rulesFile = GoldenCasesTest.FIXTURES.resolve("rules.yaml");

        CliRun run = CliRun.of("journalize", "--date", date.toString(), "--input", input.toString(),
                "--rules", rulesFile.toString(), "--out", dir.resolve("j.csv").toString(),
                "--rejects", dir.resolve("r.csv").toString(), "--max-reject-percent", "100");
        assertThat(run.exitCode()).as(run.err()).isZero();

        Rules rules = RulesLoader.load(rulesFile);
        ReferenceJournalizer reference = new ReferenceJournalizer(csv, rules, date);
        compare("rejects", reference.rejects.toString(), Files.readString(dir.resolve("r.csv")));
        compare("journal", reference.journal.toString(), Files.readString(dir.resolve("j.csv")));
    }

    /** The header, then the lines in random order (generated lines hold no line breaks). */
    private static String shuffled(String csv, long seed) {
        List<String> lines = new ArrayList<>(csv.lines().toList());
        String header = lines.removeFirst();
        Collections.shuffle(lines, new Random(seed));
        return header + "\n" + String.join("\n", lines) + "\n";
    }

    private static void compare(String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            byte[] e = expected.getBytes(StandardCharsets.UTF_8);
            byte[] a = actual.getBytes(StandardCharsets.UTF_8);
            fail(GoldenCasesTest.unifiedDiff("reference " + what, "journalize " + what, e, a));
        }
    }
}
