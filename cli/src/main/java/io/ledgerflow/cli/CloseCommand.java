package io.ledgerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.cli.targets.Target;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.rules.RulesLoader;
import io.ledgerflow.core.store.PeriodRecord;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledgerflow close}: the monthly-close workflow on the embedded runtime. */
@Command(
        name = "close",
        header = "Close a month: verify the release, lock, reconcile every day, export to the ledger database.",
        mixinStandardHelpOptions = true,
        description = {
            "Runs monthly-close.asl.json: (1) an attestation from CI stage 2 must exist for the running code "
                    + "(see 'ledgerflow verify'), unless --proceed-without-attestation says who and why; (2) the month "
                    + "goes OPEN -> CLOSING, refused while a day has a run still running or failed without a later "
                    + "success; (3) every day's summary is reconciled with its entries and control totals; (4) the "
                    + "month's netted summary is written to gl_interface under one export_batch, in one transaction; "
                    + "(5) the month is EXPORTED. A failure after the lock returns the month to OPEN with the reason, "
                    + "unless the ledger holds the export: then it stays CLOSED and closing again marks it EXPORTED. "
                    + "Closing an exported month again writes nothing and prints its batch; after 'ledgerflow reopen' "
                    + "of an exported month, the close exports only the difference as a new batch. With --target aws "
                    + "it starts the deployed state machine (--close-state-machine-arn) and follows it instead."
        },
        footer = {"", "Examples:", "  ledgerflow close --month 2026-06 --requested-by keiko.tanaka", "  ledgerflow close --month 2026-06 --requested-by cfo --proceed-without-attestation \\", "      --reason \"hotfix 1.4.2 verified by hand, CI down\""})
final class CloseCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Mixin
    LedgerDatabaseOptions database;

    @Mixin
    TargetOptions target;

    @Mixin
    WaitOptions wait;

    @Option(names = "--month", required = true, paramLabel = "yyyy-MM", description = "The month to close.")
    YearMonth month;

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Whom you close the month for: recorded beside "
            + "your identity, which is always recorded (the operating-system user; with --target aws your AWS identity).")
    String requestedBy;

    @Option(names = "--proceed-without-attestation",
            description = "Close even though CI stage 2 did not attest the running code; needs --reason (recorded).")
    boolean proceedWithoutAttestation;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the close proceeds without an attestation.")
    String reason;

    @Option(names = "--rules", paramLabel = "FILE", description = "The rules YAML whose company goes on the export (default: the standard rules).")
    Path rules;

    @Override
    public Integer call() {
        if (proceedWithoutAttestation && (reason == null || reason.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--proceed-without-attestation needs --reason TEXT (it is recorded)");
        }
        if (!proceedWithoutAttestation && reason != null) {
            throw new ParameterException(spec.commandLine(), "--reason goes with --proceed-without-attestation");
        }
        if (rules != null && !Files.isRegularFile(rules)) {
            throw new ParameterException(spec.commandLine(), "--rules " + rules + ": no such file");
        }
        String company = company(rules);
        String overrideReason = proceedWithoutAttestation ? reason : null;
        String who = Caller.recorded(spec, target.aws() ? target.callerArn() : Caller.localUser(), requestedBy);
        if (target.aws()) {
            return runOnAws(who, overrideReason, company);
        }
        try (LocalLedger ledger = database.applyTo(home.open())) {
            return run(ledger, month, who, overrideReason, company, spec.commandLine().getErr(), Main.debug(spec));
        }
    }

    /** The company segment: the one of the rules the days were calculated with. */
    static String company(Path rules) {
        if (rules != null) {
            return RulesLoader.load(rules).company();
        }
        byte[] standard = DayRunCommand.resource(DayRunCommand.DEFAULT_RULES_RESOURCE).getBytes(StandardCharsets.UTF_8);
        return RulesLoader.load(new ByteArrayInputStream(standard), "the standard rules").company();
    }

    /**
     * Runs the monthly close on the embedded runtime and reports it on {@code err}; returns the exit
     * code. {@code overrideReason} non-null proceeds without an attestation, recorded with {@code requestedBy}.
     */
    static int run(LocalLedger ledger, YearMonth month, String requestedBy, String overrideReason, String company,
            PrintWriter err, boolean debug) {
        String name = executionName(month);
        err.println("close " + month + ": execution " + name + " (home " + ledger.home() + ")");
        err.flush();
        Target embedded = EmbeddedTarget.synchronous(ledger.runtime(ProgressListener.NONE));
        ExecutionView end = embedded.start(StateMachines.MONTHLY_CLOSE, name,
                input(month, requestedBy, overrideReason, company));
        if (!end.succeeded()) {
            PeriodRecord period = ledger.store().period(month);
            // The month's history keeps the failure as recorded (error name and cause): the line above
            // says it in words, the history is where the record is.
            return failed(month, end.error(), end.cause(), "period " + month + " is " + period.state()
                    + "; its history has the failure: 'ledgerflow status --month " + month + "'", err, debug);
        }
        return report(month, requestedBy, end.output(), err);
    }

    /** The same workflow on AWS Step Functions (or `ledgerflow local serve`), followed with DescribeExecution. */
    private int runOnAws(String requestedBy, String overrideReason, String company) {
        PrintWriter err = spec.commandLine().getErr();
        try (Target aws = target.openAws(spec, StateMachines.MONTHLY_CLOSE)) {
            String name = executionName(month);
            err.println("close " + month + ": starting " + name + " on Step Functions");
            ExecutionView started = aws.start(StateMachines.MONTHLY_CLOSE, name,
                    input(month, requestedBy, overrideReason, company));
            if (wait.noWait) {
                spec.commandLine().getOut().println(started.executionArn());
                spec.commandLine().getOut().flush();
                return ExitCode.DONE;
            }
            ExecutionView end = wait.follow(aws, started, err);
            if (!end.succeeded()) {
                return failed(month, end.error() == null ? end.status() : end.error(), end.cause(),
                        "see 'ledgerflow status --month " + month + " --target aws'", err, Main.debug(spec));
            }
            return report(month, requestedBy, end.output(), err);
        }
    }

    /** Unique per attempt: a month may be closed again after a failure or a reopen. */
    static String executionName(YearMonth month) {
        return ExecutionNames.stamped("close-" + month);
    }

    static ObjectNode input(YearMonth month, String requestedBy, String overrideReason, String company) {
        ObjectNode input = JSON.createObjectNode();
        input.put("month", month.toString()).put("requestedBy", requestedBy).put("company", company);
        if (overrideReason != null) {
            input.putObject("proceedWithoutAttestation").put("requestedBy", requestedBy).put("reason", overrideReason);
        } else {
            input.putNull("proceedWithoutAttestation");
        }
        return input;
    }

    private static int failed(YearMonth month, String error, String cause, String where, PrintWriter err, boolean debug) {
        return FailureReport.execution(err, debug, "close " + month, error, FailureNames.message(cause), cause,
                java.util.List.of(where));
    }

    private static int report(YearMonth month, String requestedBy, JsonNode out, PrintWriter err) {
        JsonNode batch = out.path("batch");
        boolean created = batch.path("created").asBoolean();
        if ("EXPORTED".equals(out.path("stage").asText())) {
            err.printf("close %s: already closed and exported; nothing written%n", month);
        } else {
            err.printf("close %s: reconciled %d days; period %s is EXPORTED%n", month, out.path("days").size(), month);
        }
        JsonNode release = out.path("release");
        err.printf("  release: code %s %s%n", release.path("codeFingerprint").asText().substring(0, 12),
                release.path("attested").asBoolean() ? "attested by CI stage 2 at " + release.path("attestedAt").asText()
                        : "NOT attested: proceeded by " + requestedBy + " (recorded)");
        if (out.path("daysWithoutRun").size() > 0) {
            err.printf("  days without a run: %d (%s .. %s)%n", out.path("daysWithoutRun").size(),
                    out.path("daysWithoutRun").get(0).asText(),
                    out.path("daysWithoutRun").get(out.path("daysWithoutRun").size() - 1).asText());
        }
        err.printf("  ledger %s: export batch %d%s, %d gl_interface rows, %s%n", batch.path("ledger").asText(),
                batch.path("batchId").asLong(), "ADJUSTMENT".equals(batch.path("kind").asText())
                        ? " (adjustment " + (batch.path("sequence").asInt() - 1) + ": the difference after a reopen)" : "",
                batch.path("rowCount").asInt(),
                created ? "written now" : "written " + batch.path("createdAt").asText() + " by "
                        + batch.path("requestedBy").asText() + " (exporting again writes nothing)");
        err.flush();
        return ExitCode.DONE;
    }
}
