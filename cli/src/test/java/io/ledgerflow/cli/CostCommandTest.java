package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CostCommandTest {

    @Test
    void cost_printsEveryServiceAndTheTotals() {
        CliRun run = run("cost", "--records-per-day", "500000", "--days-per-month", "30");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("500,000 records a day x 30 days", "(50 partitions, 25 worker calls a day)")
                .contains("us-east-1 on-demand list prices of 2026-11-23, to check")
                .contains("Lambda", "Step Functions", "DynamoDB", "S3", "total", "Always-on server");
    }

    @Test
    void cost_pricesTheDurationsMeasuredUnderTheDynamoDbLimits_unlessToldOtherwise() {
        CliRun limits = run("cost", "--records-per-day", "500000");
        CliRun unlimited = run("cost", "--records-per-day", "500000", "--measured", "unlimited");

        assertThat(limits.out()).contains("durations: daily of 200,000 records under the DynamoDB limits (ci/bench-daily-limits)")
                .contains("3,824.92 GB-s");
        assertThat(unlimited.out()).contains("durations: daily of 500,000 records on DynamoDB Local without limits")
                .contains("1,766.91 GB-s");
    }

    @Test
    void help_explainsTheInputs() {
        CliRun run = run("cost", "--help");

        assertThat(run.out()).contains("--records-per-day", "--days-per-month", "--batch", "--partition-lines",
                "--express-children", "--measured", "BENCHMARKS.md", "docs/cost.md");
    }

    @Test
    void badVolume_isAUsageError() {
        CliRun run = run("cost", "--records-per-day", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("records per day must be 1..100,000,000");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
