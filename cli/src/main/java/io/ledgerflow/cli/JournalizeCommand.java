package io.ledgerflow.cli;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.journal.JournalRun;
import io.ledgerflow.core.journal.Journalizer;
import io.ledgerflow.core.journal.RunTotals;
import io.ledgerflow.core.journal.csv.JournalCsvWriter;
import io.ledgerflow.core.journal.csv.RejectsCsvWriter;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ledgerflow journalize}: the pure calculation, billing CSV to canonical journal and rejects. */
@Command(
        name = "journalize",
        header = "Billing CSV to the canonical journal and rejects (no storage).",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Turns one business day's billing CSV into balanced journal entries (no storage). "
                    + "Writes the canonical journal (--out, default stdout) and the quarantined lines "
                    + "(--rejects), and prints a reconciliation summary on stderr: lines read = posted "
                    + "+ quarantined, by count and by amount. "
                    + "A bad file (missing column, not decodable, not CSV) writes nothing: exit 2. "
                    + "More than --max-reject-percent quarantined fails the run (exit 1): the rejects "
                    + "file is written, the journal is not."
        },
        footer = {
            "",
            "Example:",
            "  ledgerflow generate --date 2026-11-20 --records 20000 --seed 1 > b.csv",
            "  ledgerflow journalize --date 2026-11-20 --input b.csv --rules fixtures/rules.yaml \\",
            "      --out journal.csv --rejects rejects.csv"
        })
final class JournalizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--date", required = true, paramLabel = "yyyy-MM-dd", description = "The business date of the file.")
    LocalDate date;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The billing CSV.")
    Path input;

    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The rules YAML file.")
    Path rules;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the journal (default: stdout).")
    Path out;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Where to write the quarantined lines.")
    Path rejects;

    @Option(names = "--max-reject-percent", paramLabel = "P", defaultValue = "1.0",
            description = "Fail when more than P %% of the lines are quarantined (default: ${DEFAULT-VALUE}).")
    BigDecimal maxRejectPercent;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
            description = "The file's encoding, e.g. windows-31j for Shift_JIS site systems (default: ${DEFAULT-VALUE}).")
    Charset encoding;

    @Override
    public Integer call() {
        Options.requireWritable(spec, "--out", out);
        Options.requireWritable(spec, "--rejects", rejects);
        Options.requirePercent(spec, "--max-reject-percent", maxRejectPercent);
        Phases phases = Phases.fromSystemProperty();
        phases.mark("command started");
        // Usually read already, while picocli started (EarlyJournalize); a failure is thrown here.
        JournalRun run = EarlyJournalize.take(date, input, rules, encoding);
        if (run == null) {
            run = read(date, input, rules, encoding);
            phases.mark("rules loaded; lines read, checked and sorted");
        } else {
            phases.mark("rules loaded; lines read, checked and sorted (begun beside picocli, before the command)");
        }
        if (run.exceedsRejectThreshold(maxRejectPercent)) {
            writeRejects(run);
            throw new RunFailedException(run.linesQuarantined() + " of " + run.linesRead() + " lines quarantined ("
                    + Summary.percent(run.linesQuarantined(), run.linesRead()) + " %), more than --max-reject-percent "
                    + maxRejectPercent.toPlainString() + "; no journal written"
                    + (rejects == null ? " (use --rejects FILE to see them)" : ", rejects in " + rejects));
        }
        RunTotals totals = writeJournal(run);
        phases.mark("journal written");
        writeRejects(run);
        phases.mark("rejects written");
        Summary.print(spec.commandLine().getErr(), "journalize " + date + " with rule set "
                + run.ruleSet().effectiveFrom() + " from " + input, totals, maxRejectPercent);
        spec.commandLine().getErr().println("  journal: " + (out == null ? "stdout" : out)
                + (rejects == null ? "" : "; rejects: " + rejects));
        phases.print(spec.commandLine().getErr());
        return ExitCode.DONE;
    }

    /**
     * Hidden timing of the command's phases, on with {@code -Dledgerflow.journalize.phases=true}
     * (through {@code LEDGERFLOW_JAVA_OPTS}): milliseconds since the JVM started (the launcher's
     * shell before it is not counted), so that start-up,
     * reading, posting and writing can be told apart in a whole-process measurement. Off, it costs
     * one property read.
     */
    private static final class Phases {
        private final long startMillis;
        private final StringBuilder lines;

        private Phases(boolean on) {
            // The JVM's own start time (java.lang.management is loaded only when asked for).
            this.startMillis = on ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() : 0;
            this.lines = on ? new StringBuilder() : null;
        }

        static Phases fromSystemProperty() {
            return new Phases(Boolean.getBoolean("ledgerflow.journalize.phases"));
        }

        void mark(String phase) {
            if (lines != null) {
                lines.append(String.format("  phase %6d ms  %s%n", System.currentTimeMillis() - startMillis, phase));
            }
        }

        void print(java.io.PrintWriter err) {
            if (lines != null) {
                err.print(lines);
                err.flush();
            }
        }
    }

    /** The command's reading, in its order: the rules, then the file's lines, judged. */
    static JournalRun read(LocalDate date, Path input, Path rules, Charset encoding) {
        Rules loaded = RulesLoader.load(rules);
        try (BillingCsvReader reader = BillingCsvReader.open(input, encoding)) {
            return Journalizer.journalize(loaded, date, reader);
        }
    }

    private RunTotals writeJournal(JournalRun run) {
        // Rows are formatted and encoded on the posting threads; this thread only writes bytes.
        return AtomicOutput.writeBytes(out, stream -> run.post(JournalCsvWriter.utf8Sink(stream)));
    }

    private void writeRejects(JournalRun run) {
        if (rejects == null) {
            return;
        }
        AtomicOutput.write(rejects, writer -> {
            RejectsCsvWriter.write(writer, run.rejects());
            return null;
        });
    }
}
