package io.ledgerflow.cli;

import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.Target;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** How a command follows an execution it started on AWS: DescribeExecution every few seconds, printing status changes. */
final class WaitOptions {

    @Option(names = "--no-wait", description = "With --target aws: return once the execution is started (prints its ARN).")
    boolean noWait;

    @Option(names = "--poll-seconds", defaultValue = "2", paramLabel = "S",
            description = "With --target aws: seconds between DescribeExecution calls (1..60, default: ${DEFAULT-VALUE}).")
    int pollSeconds;

    @Option(names = "--wait-minutes", defaultValue = "120", paramLabel = "M",
            description = "With --target aws: give up following after M minutes (exit 3; the execution goes on; default: ${DEFAULT-VALUE}).")
    int waitMinutes;

    /** Follows the execution until it ends; throws (exit 3) when it is still running after the wait. */
    ExecutionView follow(Target target, ExecutionView started, PrintWriter err) {
        Duration poll = Duration.ofSeconds(Math.clamp(pollSeconds, 1, 60));
        long pollsMax = Math.max(1, Duration.ofMinutes(Math.max(1, waitMinutes)).toSeconds() / poll.toSeconds());
        ExecutionView current = started;
        String shown = started.status();
        err.printf("  %s: %s%n", started.name(), shown);
        err.flush();
        for (long polls = 0; current.running(); polls++) {
            if (polls == pollsMax) {
                throw new IllegalStateException("execution " + started.name() + " is still RUNNING after " + waitMinutes
                        + " minutes; it goes on: follow it with 'ledgerflow status' (" + started.executionArn() + ")");
            }
            sleep(poll);
            current = target.describe(started.executionArn());
            if (!current.status().equals(shown)) {
                shown = current.status();
                Instant end = current.stopDate() != null ? current.stopDate() : Instant.now();
                Instant from = current.redriveDate() != null ? current.redriveDate() : current.startDate();
                err.printf("  %s: %s after %d s%n", current.name(), shown, Duration.between(from, end).toSeconds());
                err.flush();
            }
        }
        return current;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following an execution", e);
        }
    }
}
