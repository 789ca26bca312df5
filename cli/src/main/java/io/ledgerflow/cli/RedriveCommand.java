package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.Target;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerflow redrive}: RedriveExecution on a failed execution, then follows it. */
@Command(
        name = "redrive",
        header = "Redrive a failed workflow execution from the state that failed.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Restarts a FAILED or TIMED_OUT execution from the state that failed, with "
                    + "that state's input (Step Functions' RedriveExecution); a Distributed Map "
                    + "re-runs only its failed children. The daily journal workflow records a "
                    + "failed run and ends in its Fail state, so redriving it fails again: to "
                    + "replace a failed day, use 'ledgerflow rerun'. Redrive is for workflows whose "
                    + "failed step can succeed when tried again (e.g. after an outage)."
        },
        footer = {
            "",
            "Exit codes: 0 the execution succeeded; 1 it failed again, or it cannot be "
                    + "redriven (running, succeeded); 2 no such execution; 3 infrastructure failure.",
            "",
            "Example:",
            "  ledgerflow status --target aws --date 2026-11-20    # prints the ARNs",
            "  ledgerflow redrive --target aws --execution-arn \"$ARN\""
        })
final class RedriveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Mixin
    TargetOptions target;

    @Mixin
    WaitOptions wait;

    @Option(names = "--execution-arn", required = true, paramLabel = "ARN",
            description = "The execution to redrive ('ledgerflow status' and 'daily' print ARNs).")
    String executionArn;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (target.aws()) {
            try (Target aws = target.openAws(spec)) {
                ExecutionView redriven = aws.redrive(executionArn);
                err.println("redrive: " + redriven.name() + " on " + aws.describeSelf() + " (redrive " + redriven.redriveCount() + ")");
                if (wait.noWait) {
                    return ExitCode.DONE;
                }
                return outcome(err, wait.follow(aws, redriven, err), Main.debug(spec));
            }
        }
        try (LocalLedger ledger = home.open();
                CliProgress progress = new CliProgress(err, System.console() != null)) {
            Target embedded = EmbeddedTarget.synchronous(ledger.runtime(progress));
            err.println("redrive: " + executionArn + " on " + embedded.describeSelf());
            ExecutionView ended = embedded.redrive(executionArn);
            progress.close();
            return outcome(err, ended, Main.debug(spec));
        }
    }

    private static int outcome(PrintWriter err, ExecutionView ended, boolean debug) {
        if (ended.succeeded()) {
            err.println("redrive: " + ended.name() + " SUCCEEDED");
            err.flush();
            return ExitCode.DONE;
        }
        if (ended.error() == null) {
            err.println("ledgerflow: FAILED: " + ended.name() + " " + ended.status());
            err.flush();
            return ExitCode.FAILED;
        }
        // A redriven execution that fails again is a failed run (1) even when its error is bad input.
        int code = FailureReport.execution(err, debug, ended.name() + " " + ended.status(), ended.error(),
                FailureNames.message(ended.cause()), ended.cause(), java.util.List.of());
        return Math.max(ExitCode.FAILED, code);
    }
}
