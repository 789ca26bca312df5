package io.ledgerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.cli.local.HomeLog;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.AwsTarget;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.cli.targets.Target;
import io.ledgerflow.core.store.DayStatus;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.NoFileEvent;
import io.ledgerflow.core.store.NoFileMark;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodRecord;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.lambdas.Telemetry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerflow status}: runs and reruns of a day, or a month's period state and days; who and why. */
@Command(
        name = "status",
        header = "Show a day's runs with who and why, or a month's state.",
        mixinStandardHelpOptions = true,
        description = {"Shows a day's runs (status, counts, who asked and why, which one is current), "
                    + "or a month's period state and the current run of each of its days. "
                    + "With --target aws: the day's (month's) Step Functions executions, with error and cause."},
        footer = {"", "Examples:", "  ledgerflow status --date 2026-11-20", "  ledgerflow status --month 2026-11",
            "  ledgerflow status --date 2026-11-20 --logs"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Mixin
    TargetOptions target;

    /** Executions shown per state machine, at most (newest first). */
    private static final int EXECUTIONS_SHOWN_MAX = 50;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    @Option(names = "--logs", description = "Also show what the functions logged for the day (month), from the "
            + "home's log (" + HomeLog.FILE + "), and the metrics of each run.")
    boolean logs;

    static final class Scope {
        @Option(names = "--date", paramLabel = "yyyy-MM-dd", description = "A business date.")
        LocalDate date;

        @Option(names = "--month", paramLabel = "yyyy-MM", description = "A month.")
        YearMonth month;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (target.aws()) {
            printExecutions(out);
            if (logs) {
                out.println("logs: the functions' log groups (/aws/lambda/STACK-*) in CloudWatch Logs Insights, e.g.");
                out.printf("  fields @timestamp, step, message | filter %s = '%s' | sort @timestamp%n",
                        scope.date != null ? "businessDate" : "month", scope.date != null ? scope.date : scope.month);
            }
            out.flush();
            return ExitCode.DONE;
        }
        try (LocalLedger ledger = home.openWithoutFunctions()) {
            JournalStore store = ledger.store();
            if (scope.date != null) {
                printDay(out, store, scope.date);
            } else {
                printMonth(out, store, scope.month);
            }
        }
        if (logs) {
            printLogs(out, home.resolve());
        }
        out.flush();
        return ExitCode.DONE;
    }

    /**
     * With --target aws: the day's (or month's) executions as Step Functions lists them, newest
     * first, with error and cause of failed ones. Execution names carry the date (daily-DATE,
     * sched-DATE, rerun-DATE-STAMP, close-MONTH...), so the name filter finds them.
     */
    private void printExecutions(PrintWriter out) {
        String key = scope.date != null ? scope.date.toString() : scope.month.toString();
        try (AwsTarget aws = target.openAws(spec, StateMachines.DAILY_JOURNAL)) {
            out.printf("%s  executions on %s%n", key, aws.describeSelf());
            List<String> machines = new ArrayList<>(List.of(StateMachines.DAILY_JOURNAL));
            if (scope.month != null && aws.has(StateMachines.MONTHLY_CLOSE)) {
                machines.add(StateMachines.MONTHLY_CLOSE);
            }
            for (String machine : machines) {
                List<ExecutionView> found = aws.list(machine, key, EXECUTIONS_SHOWN_MAX);
                out.printf("  %s: %d execution(s)%n", machine, found.size());
                for (ExecutionView e : found) {
                    out.printf("    %-10s %s  started %s%s%s%n", e.status(), e.name(), e.startDate(),
                            e.stopDate() == null ? "" : ", stopped " + e.stopDate(),
                            e.redriveCount() == 0 ? "" : ", redriven " + e.redriveCount() + "x");
                    out.printf("      %s%n", e.executionArn());
                    if (!e.running() && !e.succeeded()) {
                        ExecutionView d = aws.describe(e.executionArn());
                        out.printf("      %s: %s%n", d.error(), FailureNames.message(d.cause()));
                    }
                }
            }
        }
    }

    private static void printDay(PrintWriter out, JournalStore store, LocalDate date) {
        YearMonth month = YearMonth.from(date);
        Optional<RunRecord> current = store.currentRun(date);
        out.printf("%s  period %s %s  current run: %s%n", date, month, store.periodState(month),
                current.map(RunRecord::runId).orElse("none"));
        for (NoFileEvent e : store.noFile(date).history()) {
            out.printf("  no file: %s by %s at %s: %s%n", e.marked() ? "marked" : "unmarked", e.by(), e.at(), e.reason());
        }
        for (RunRecord run : store.runs(date)) {
            out.printf("  %s %-10s %s%n", run.runId().equals(current.map(RunRecord::runId).orElse("")) ? "*" : " ",
                    run.status(), run.runId());
            out.printf("      requested by %s: %s; rule set %s; started %s%s%n", run.requestedBy(),
                    run.reason().isEmpty() ? "-" : run.reason(), run.ruleSetEffectiveFrom(), run.startedAt(),
                    run.finishedAt() == null ? "" : ", finished " + run.finishedAt());
            if (run.completion() != null) {
                out.printf("      read %d = posted %d + quarantined %d; %d entries%n", run.completion().linesRead(),
                        run.completion().linesPosted(), run.completion().linesQuarantined(), run.completion().entries());
                run.completion().controlTotals().forEach(t -> out.printf("      %s debit %s = credit %s%n",
                        t.currency(), t.debit().toPlainString(), t.credit().toPlainString()));
            }
            if (run.failure() != null) {
                out.printf("      failed: %s%n", run.failure());
            }
        }
    }

    /**
     * The home's log lines of the day (or month): the functions' own lines, then each run's
     * metrics summed over its invocations (EMF documents), per step.
     */
    private void printLogs(PrintWriter out, Path homeDir) {
        String key = scope.date != null ? scope.date.toString() : scope.month.toString();
        List<JsonNode> lines = HomeLog.read(homeDir, line -> line.path("businessDate").asText("").startsWith(key)
                || line.path("month").asText("").equals(key));
        out.printf("logs (%s): %d line(s)%n", homeDir.resolve(HomeLog.FILE), lines.size());
        Map<String, Map<String, Double>> metricsByRun = new java.util.TreeMap<>();
        for (JsonNode line : lines) {
            if (line.has("_aws")) {
                String run = runOf(line);
                Map<String, Double> sums = metricsByRun.computeIfAbsent(run, r -> new java.util.LinkedHashMap<>());
                for (JsonNode metric : line.at("/_aws/CloudWatchMetrics/0/Metrics")) {
                    String name = metric.path("Name").asText();
                    String label = Telemetry.STEP_DURATION.equals(name) || Telemetry.STEP_FAILED.equals(name)
                            ? name + " " + line.path(Telemetry.STEP).asText() : name;
                    sums.merge(label, line.path(name).asDouble(), Double::sum);
                }
                continue;
            }
            out.printf("  %s %-5s %-20s %-36s %s%n", line.path("timestamp").asText(), line.path("level").asText(),
                    line.path("step").asText("-"), runOf(line),
                    line.path("message").asText());
            if (line.has("error")) {
                out.printf("      %s%n", line.at("/error/message").asText());
            }
        }
        metricsByRun.forEach((run, sums) -> {
            out.printf("  metrics of %s:%n", run);
            sums.forEach((name, value) -> out.printf("    %-40s %,d%s%n", name, Math.round(value),
                    name.startsWith(Telemetry.STEP_DURATION) ? " ms" : ""));
        });
    }

    /** The run a log line belongs to: its run id, else its execution's name (a close), else "-". */
    private static String runOf(JsonNode line) {
        if (line.hasNonNull("runId")) {
            return line.get("runId").asText();
        }
        String execution = line.path("execution").asText("");
        return execution.isEmpty() ? "-" : execution.substring(execution.lastIndexOf(':') + 1);
    }

    private static void printMonth(PrintWriter out, JournalStore store, YearMonth month) {
        out.printf("%s  period %s%n", month, store.periodState(month));
        // DayStatus is what the finance console's month view shows too: the same numbers.
        for (DayStatus day : DayStatus.ofMonth(store, month)) {
            if (day.current().isPresent()) {
                RunRecord run = day.current().get();
                out.printf("  %s  %s  read %d, quarantined %d, %d entries (%s)%n", day.date(), run.runId(),
                        run.completion().linesRead(), run.completion().linesQuarantined(), run.completion().entries(),
                        run.requestedBy());
            } else if (day.markedNoFile().isPresent()) {
                NoFileMark mark = day.markedNoFile().get();
                out.printf("  %s  no file (marked by %s at %s: %s)%n", day.date(), mark.by(), mark.at(), mark.reason());
            }
        }
        PeriodRecord period = store.period(month);
        if (!period.history().isEmpty()) {
            out.println("  history:");
            for (PeriodEvent event : period.history()) {
                out.printf("    %s  %s  by %s: %s%n", event.at(), event.from() == event.to() ? "note" : event.from() + " -> "
                        + event.to(), event.by(), event.reason().isEmpty() ? "-" : event.reason());
            }
        }
    }
}
