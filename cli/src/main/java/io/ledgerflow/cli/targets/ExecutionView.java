package io.ledgerflow.cli.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An execution as DescribeExecution shows it. {@code status} is RUNNING, SUCCEEDED, FAILED,
 * TIMED_OUT or ABORTED; {@code output} only when SUCCEEDED; {@code error} and {@code cause} only
 * when it failed; {@code stopDate} once it ended; {@code redriveDate} once redriven.
 */
public record ExecutionView(String executionArn, String stateMachineArn, String name, String status, JsonNode input,
                            JsonNode output, String error, String cause, Instant startDate, Instant stopDate,
                            int redriveCount, Instant redriveDate) {

    public boolean running() {
        return "RUNNING".equals(status);
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }
}
