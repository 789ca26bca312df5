package io.ledgerflow.cli;

import io.ledgerflow.cli.local.HomeLock;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.ControlTotal;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledgerflow demo}: a small month end to end on a fresh embedded home, with a readable summary. */
@Command(
        name = "demo",
        header = "A small month end to end on a fresh embedded home: daily runs, a rerun, verify, close, export.",
        mixinStandardHelpOptions = true,
        description = {
            "On a fresh home: generates a realistic month (--days business days of --records billing lines), "
                    + "runs the daily workflow for each day, reruns one day with a corrected file, runs CI stage 2 "
                    + "(the golden month, which attests this build), closes the month and exports it to the embedded "
                    + "PostgreSQL ledger database, then prints per-day counts and rejects, debit = credit totals, and "
                    + "the export batch. Everything stays under the home for 'ledgerflow status/journal/gl-export --home'."
        },
        footer = {"", "Examples:", "  ./ledgerflow demo", "  ./ledgerflow demo --records 2000 --home /tmp/lf-demo"})
final class DemoCommand implements Callable<Integer> {

    static final YearMonth MONTH = YearMonth.parse("2026-10");
    static final String REQUESTED_BY = "demo";
    /**
     * A bad line quarantines its whole invoice (up to 20 lines), so the generator's 0.05 % of bad
     * lines quarantines about 1 % of a day; the demo allows up to 5 % rather than stop on a seed.
     */
    static final String MAX_REJECT_PERCENT = "5";

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR",
            description = "A fresh (missing or empty) folder for the demo's state (default: .ledgerflow-demo/<time>).")
    Path home;

    @Option(names = "--days", defaultValue = "5", paramLabel = "N", description = "Business days to run (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--records", defaultValue = "20000", paramLabel = "N",
            description = "Billing lines per day (default: ${DEFAULT-VALUE}).")
    int records;

    @Override
    public Integer call() throws IOException {
        if (days < 2 || days > MONTH.lengthOfMonth() * 5 / 7 || records < 100 || records > 1_000_000) {
            throw new ParameterException(spec.commandLine(), "--days must be 2..22 and --records 100..1000000");
        }
        Path dir = home != null ? home
                : Path.of(".ledgerflow-demo", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new ParameterException(spec.commandLine(), "--home " + dir
                            + " is not empty; the demo needs a fresh home (a new folder, or none)");
                }
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        // The demo's commands share this process's hold: no other process uses the home meanwhile.
        try (HomeLock lock = HomeLock.acquire(dir, HomeLock.Waiting.refuse(err, "ledgerflow demo --home " + dir))) {
            return demo(dir, err);
        }
    }

    private int demo(Path dir, PrintWriter err) throws IOException {
        Path files = Files.createDirectories(dir.resolve("demo"));
        long started = System.nanoTime();
        List<LocalDate> dates = businessDays(days);
        LocalDate rerunDate = dates.get(Math.min(2, dates.size() - 1));
        err.printf("demo: %d business days of %s, %,d billing lines each, home %s%n%n", days, MONTH, records, dir);

        for (LocalDate date : dates) {
            Path input = generate(files, date, date.getDayOfMonth(), "billing-" + date + ".csv");
            run(err, "daily", "--home", dir.toString(), "--date", date.toString(), "--input", input.toString(),
                    "--requested-by", REQUESTED_BY, "--max-reject-percent", MAX_REJECT_PERCENT);
        }
        Path corrected = generate(files, rerunDate, 1000 + rerunDate.getDayOfMonth(), "billing-" + rerunDate + ".corrected.csv");
        run(err, "rerun", "--home", dir.toString(), "--date", rerunDate.toString(), "--input", corrected.toString(),
                "--reason", "site OSA sent a corrected file (quantities re-keyed)", "--requested-by", REQUESTED_BY,
                "--max-reject-percent", MAX_REJECT_PERCENT);

        err.println();
        if (!VerifyCommand.run(GoldenMonth.Source.bundled(), dir, null, err)) {
            return ExitCode.FAILED;
        }
        err.println();
        run(err, "close", "--home", dir.toString(), "--month", MONTH.toString(), "--requested-by", REQUESTED_BY);
        Path export = files.resolve("gl-export-" + MONTH + ".csv");
        run(err, "gl-export", "--home", dir.toString(), "--month", MONTH.toString(), "--out", export.toString());

        try (LocalLedger ledger = LocalLedger.open(dir)) {
            summary(err, ledger, dates, rerunDate, export, dir, (System.nanoTime() - started) / 1e9);
        }
        return ExitCode.DONE;
    }

    private void summary(PrintWriter err, LocalLedger ledger, List<LocalDate> dates, LocalDate rerunDate, Path export,
            Path dir, double seconds) throws IOException {
        err.printf("%n== ledgerflow demo: %s ==%n", MONTH);
        err.printf("%-12s %-38s %10s %10s %12s %9s%n", "day", "current run", "read", "posted", "quarantined", "entries");
        long read = 0;
        long quarantined = 0;
        for (LocalDate date : dates) {
            RunRecord run = ledger.store().currentRun(date).orElseThrow();
            RunCompletion c = run.completion();
            read += c.linesRead();
            quarantined += c.linesQuarantined();
            err.printf("%-12s %-38s %,10d %,10d %,12d %,9d%s%n", date, run.runId(), c.linesRead(), c.linesPosted(),
                    c.linesQuarantined(), c.entries(), date.equals(rerunDate) ? "  (rerun: replaced "
                            + run.previousRunId() + ")" : "");
        }
        err.printf("%-12s %-38s %,10d %10s %,12d%n", "month", "", read, "", quarantined);
        err.println();
        for (ControlTotal total : DaySummaries.totals(ledger.store().summary(MONTH))) {
            String amount = "%,." + total.currency().minorDigits() + "f";
            err.printf("trial balance %s: debit " + amount + " %s credit " + amount + "%n", total.currency(),
                    total.debit().amount(), total.debit().equals(total.credit()) ? "=" : "!=", total.credit().amount());
        }
        ExportBatch batch = ledger.ledger().batch(MONTH).orElseThrow();
        err.printf("period %s: %s; export batch %d to ledger %s, %d gl_interface rows%n", MONTH,
                ledger.store().periodState(MONTH), batch.batchId(), batch.ledger(), batch.rowCount());
        err.printf("files: %s (inputs, gl-export); rejects per day: 'ledgerflow daily --rejects' or %s%n", dir.resolve("demo"),
                dir.resolve("s3/ledgerflow-work"));
        err.printf("look around: ./ledgerflow status --month %s --home %s%n", MONTH, dir);
        err.printf("in a browser: ./ledgerflow console add-user NAME --role closer --home %s, then ./ledgerflow console"
                + " --home %s%n", dir, dir);
        err.printf("done in %.0f s%n", seconds);
        err.flush();
    }

    private Path generate(Path files, LocalDate date, long seed, String name) {
        Path file = files.resolve(name);
        AtomicOutput.write(file, out -> {
            new BillingGenerator(new BillingGenerator.Settings(date, records, seed, 0.0005, 0.08)).write(out);
            return null;
        });
        return file;
    }

    private void run(PrintWriter err, String... args) {
        List<String> shown = new ArrayList<>(List.of(args));
        int at = shown.indexOf("--home");
        shown.subList(at, at + 2).clear();
        err.println("$ ledgerflow " + String.join(" ", shown));
        err.flush();
        var cli = Main.newCommandLine();
        cli.setErr(err);
        cli.setOut(spec.commandLine().getOut());
        int code = cli.execute(args);
        if (code != ExitCode.DONE) {
            throw new RunFailedException("demo stopped: 'ledgerflow " + String.join(" ", args) + "' exited " + code);
        }
    }

    static List<LocalDate> businessDays(int count) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = MONTH.atDay(1); dates.size() < count; d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                dates.add(d);
            }
        }
        return dates;
    }
}
