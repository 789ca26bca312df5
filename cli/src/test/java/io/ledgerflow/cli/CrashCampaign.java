package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.close.LedgerExportCsv;
import io.ledgerflow.core.close.LedgerLines;
import io.ledgerflow.core.crash.CrashPoint;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.workflows.runtime.Execution;
import io.ledgerflow.workflows.runtime.ExecutionStatus;
import io.ledgerflow.workflows.runtime.ExecutionStore;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The crash-point campaign: a home with a published day (the old journal) and its open month; a
 * command run in a process of its own that halts at one crash point ({@link CrashPoint}, as
 * {@code kill -9} would); then what an operator would run ({@code journal}, {@code status},
 * {@code rerun}, {@code close}); and the invariants after each step:
 * <ul>
 *   <li>the day's journal is the old one or the new one, byte-equal to {@code journalize} of the
 *       file (so no entry of a dead or replaced run is ever read);
 *   <li>after the rerun, it is the new one; after the close, the month is EXPORTED and the ledger's
 *       batches add up to the month's summary ({@code gl-export} equals the summary netted);
 *   <li>no run of the day is left STARTED and no execution RUNNING.
 * </ul>
 * {@link CrashPointFunctionalTests} runs a fixed set of points; {@link #main} ({@code
 * ci/crash-campaign N}) runs N random ones and prints how many survived.
 */
final class CrashCampaign {

    static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    static final YearMonth MONTH = YearMonth.from(DATE);
    static final String RULES = GoldenCasesTest.FIXTURES.resolve("rules.yaml").toString();
    static final int RECORDS = 1_000;
    static final String PARTITION_LINES = "200";
    /** A crashing command that has not ended after this long is a harness failure. */
    static final long CRASH_MINUTES_MAX = 4;

    /** The daily workflow's points: a rerun of the published day with a new file crashes at one of them. */
    static final List<String> DAILY_POINTS = List.of(
            "state:Prepare:entered", "state:Prepare:exited", "state:JournalizePartitions:entered", "state:Journalize:entered",
            "write:1", "write:2", "write:4", "write:7", "state:Journalize:exited", "state:JournalizePartitions:exited",
            "state:Finalize:entered", "flip-purge", "state:Finalize:exited");
    /** The close workflow's points: a close of the month crashes at one of them. */
    static final List<String> CLOSE_POINTS = List.of(
            "state:VerifyRelease:entered", "state:VerifyRelease:exited", "state:Lock:exited", "state:ReconcileDays:entered",
            "state:ReconcileDay:exited", "state:ReconcileDays:exited", "state:MarkClosed:entered", "state:MarkClosed:exited",
            "state:Export:entered", "export-write", "export-commit", "state:Export:exited", "state:MarkExported:entered",
            "state:MarkExported:exited");

    /** What one point gave: its violations (none: survived) and whether the command halted there. */
    record Outcome(String point, boolean crashed, List<String> violations, long millis, String steps) {
        boolean survived() {
            return violations.isEmpty();
        }
    }

    private final Path work;
    private final Path base;
    private final Path oldInput;
    private final Path newInput;
    private final String oldJournal;
    private final String newJournal;
    private int points;

    /** Builds the base home once: the day published from the old file, its month OPEN. */
    CrashCampaign(Path work) throws IOException {
        this.work = work;
        this.oldInput = generate(work.resolve("old.csv"), 11);
        this.newInput = generate(work.resolve("new.csv"), 12);
        this.oldJournal = journalize(oldInput);
        this.newJournal = journalize(newInput);
        this.base = work.resolve("base");
        CliRun daily = CliRun.of("daily", "--home", base.toString(), "--date", DATE.toString(), "--input",
                oldInput.toString(), "--partition-lines", PARTITION_LINES);
        if (daily.exitCode() != 0) {
            throw new IllegalStateException("the base day did not publish: " + daily.err());
        }
    }

    static boolean isClosePoint(String point) {
        return CLOSE_POINTS.contains(point) || point.startsWith("after-close:");
    }

    /** A point picked by {@code random}: one of the named points, or a moment in a rerun or a close. */
    static String randomPoint(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> DAILY_POINTS.get(random.nextInt(DAILY_POINTS.size()));
            case 1 -> CLOSE_POINTS.get(random.nextInt(CLOSE_POINTS.size()));
            case 2 -> "after-daily:" + (1_500 + random.nextInt(12_000));
            default -> "after-close:" + (1_500 + random.nextInt(15_000));
        };
    }

    /** Runs one point on a copy of the base home and checks every invariant; never throws for a violation. */
    Outcome run(String point) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path dir = work.resolve("point-" + (++points));
        Path home = dir.resolve("home");
        copy(base, home);
        StringBuilder steps = new StringBuilder();
        long[] lap = {System.nanoTime()};
        lap(steps, lap, "copy");
        List<String> violations = new ArrayList<>();
        boolean close = isClosePoint(point);
        String crashAt = point.replaceFirst("^after-(daily|close):", "after:");
        List<String> args = close ? closeArgs(home) : rerunArgs(home);
        CliProcess crashing = CliProcess.start(dir.resolve("crashing.log"), Map.of(CrashPoint.ENV, crashAt),
                args.toArray(String[]::new));
        int exit;
        boolean killedSlow = false;
        try {
            exit = crashing.exitCode(CRASH_MINUTES_MAX);
        } catch (AssertionError stillRunning) {
            // a loaded machine: the command had not reached its point; it was killed (-9) where it was
            exit = CrashPoint.EXIT_STATUS;
            killedSlow = true;
            steps.append("killed after ").append(CRASH_MINUTES_MAX).append(" min; ");
        }
        lap(steps, lap, "crash");
        boolean crashed = killedSlow
                || exit == CrashPoint.EXIT_STATUS && crashing.output().contains(CrashPoint.MARK + crashAt);
        if (!crashed && exit != 0) {
            violations.add("the crashing command exited " + exit + " without reaching the point:\n" + crashing.output());
        }

        // right after the crash, before any repair: the old journal or the new one, nothing in between
        String journal = journal(home, dir, violations);
        lap(steps, lap, "journal");
        if (journal != null && !journal.equals(oldJournal) && !(journal.equals(newJournal) && !close)) {
            violations.add("after the crash the day's journal is neither the old nor the new one (" + lines(journal)
                    + " lines; old " + lines(oldJournal) + ", new " + lines(newJournal) + ")");
        }
        expectZero(violations, "status --date", CliRun.of("status", "--home", home.toString(), "--date", DATE.toString()));
        expectZero(violations, "status --month", CliRun.of("status", "--home", home.toString(), "--month", MONTH.toString()));
        lap(steps, lap, "status");

        // what an operator does next: the rerun again (after a daily crash), then the close
        String expected = oldJournal;
        if (!close) {
            expectZero(violations, "rerun", CliRun.of(rerunArgs(home).toArray(String[]::new)));
            expected = newJournal;
            lap(steps, lap, "rerun");
        }
        String repaired = journal(home, dir, violations);
        lap(steps, lap, "journal");
        if (repaired != null && !repaired.equals(expected)) {
            violations.add("after the " + (close ? "crash" : "rerun") + " the day's journal is not journalize of the "
                    + (close ? "old" : "new") + " file (" + lines(repaired) + " lines, expected " + lines(expected) + ")");
        }
        expectZero(violations, "close", CliRun.of(closeArgs(home).toArray(String[]::new)));
        lap(steps, lap, "close");
        checkMonth(home, dir, violations);
        lap(steps, lap, "gl-export");
        checkNothingLeftRunning(home, violations);
        lap(steps, lap, "checks");
        return new Outcome(point, crashed, violations, (System.nanoTime() - started) / 1_000_000, steps.toString().trim());
    }

    /** Appends the time since the previous lap to {@code steps}: where a point's time goes. */
    private static void lap(StringBuilder steps, long[] lap, String step) {
        long now = System.nanoTime();
        steps.append(String.format(java.util.Locale.ROOT, "%s %.1f ", step, (now - lap[0]) / 1e9));
        lap[0] = now;
    }

    private List<String> rerunArgs(Path home) {
        return List.of("rerun", "--home", home.toString(), "--date", DATE.toString(), "--input",
                newInput.toString(), "--partition-lines", PARTITION_LINES, "--reason", "crash campaign", "--requested-by", "auditor");
    }

    private List<String> closeArgs(Path home) {
        return List.of("close", "--home", home.toString(), "--month", MONTH.toString(), "--requested-by", "auditor",
                "--proceed-without-attestation", "--reason", "crash campaign");
    }

    private String journal(Path home, Path dir, List<String> violations) throws IOException {
        Path out = dir.resolve("journal-" + System.nanoTime() + ".csv");
        CliRun run = CliRun.of("journal", "--home", home.toString(), "--date", DATE.toString(), "--out", out.toString());
        if (run.exitCode() != 0) {
            violations.add("journal exited " + run.exitCode() + ": " + run.err());
            return null;
        }
        return Files.readString(out);
    }

    /** The month EXPORTED, and its ledger batches (read back by gl-export) equal to its summary netted. */
    private void checkMonth(Path home, Path dir, List<String> violations) throws IOException {
        Path export = dir.resolve("gl-export.csv");
        CliRun gl = CliRun.of("gl-export", "--home", home.toString(), "--month", MONTH.toString(), "--out", export.toString());
        if (gl.exitCode() != 0) {
            violations.add("gl-export exited " + gl.exitCode() + ": " + gl.err());
            return;
        }
        StringWriter summary = new StringWriter();
        try (LocalLedger ledger = LocalLedger.open(home)) {
            PeriodState state = ledger.store().periodState(MONTH);
            if (state != PeriodState.EXPORTED) {
                violations.add("after the close the month is " + state + ", not EXPORTED");
            }
            LedgerExportCsv.write(LedgerLines.of(MONTH, ledger.store().summary(MONTH)), summary);
        }
        if (!Files.readString(export).equals(summary.toString())) {
            violations.add("the ledger's batches do not add up to the month's summary:\n gl-export:\n"
                    + Files.readString(export) + " summary:\n" + summary);
        }
    }

    private static void checkNothingLeftRunning(Path home, List<String> violations) {
        try (LocalLedger ledger = LocalLedger.open(home)) {
            for (RunRecord run : ledger.store().runs(DATE)) {
                if (run.status() == RunStatus.STARTED) {
                    violations.add("run " + run.runId() + " is still STARTED");
                }
            }
        }
        ExecutionStore executions = new ExecutionStore(home, Clock.systemUTC());
        for (String name : executions.names()) {
            Execution execution = executions.load(name).orElseThrow();
            if (execution.status() == ExecutionStatus.RUNNING) {
                violations.add("execution " + name + " is still RUNNING");
            }
        }
    }

    private static void expectZero(List<String> violations, String what, CliRun run) {
        if (run.exitCode() != 0) {
            violations.add(what + " exited " + run.exitCode() + ": " + run.err());
        }
    }

    private static long lines(String text) {
        return text.lines().count();
    }

    private static Path generate(Path file, long seed) throws IOException {
        return Journals.generate(file, DATE, RECORDS, seed, 0.0005);
    }

    private String journalize(Path input) throws IOException {
        return Journals.journalize(work, DATE, input);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * {@code ci/crash-campaign N [SEED]}: N random points; prints how many were tried and survived,
     * names every point that failed with what diverged, and exits 1 if any did.
     */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Path work = Files.createTempDirectory("ledgerflow-crash-campaign");
        System.out.println("crash-campaign: " + n + " random points, seed " + seed + ", work " + work);
        CrashCampaign campaign = new CrashCampaign(work);
        Random random = new Random(seed);
        int survived = 0, crashed = 0;
        List<Outcome> failed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String point = randomPoint(random);
            Outcome outcome = campaign.run(point);
            crashed += outcome.crashed() ? 1 : 0;
            if (outcome.survived()) {
                survived++;
            } else {
                failed.add(outcome);
            }
            System.out.printf("  %-40s %s%s, %.1f s (%s)%n", point, outcome.survived() ? "survived" : "FAILED",
                    outcome.crashed() ? " (halted there)" : " (ended before the point)", outcome.millis() / 1000.0,
                    outcome.steps());
        }
        System.out.println("crash-campaign: " + n + " points tried, " + survived + " survived (" + crashed
                + " halted at their point, " + (n - crashed) + " ended before it)");
        for (Outcome outcome : failed) {
            System.out.println("FAILED at " + outcome.point() + ":");
            outcome.violations().forEach(v -> System.out.println("  - " + v));
        }
        System.exit(failed.isEmpty() ? 0 : 1);
    }
}
