package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.handlers.TestHandlers;
import io.ledgerflow.workflows.runtime.ExecutionAlreadyExistsException;
import io.ledgerflow.workflows.runtime.ExecutionNotRedrivableException;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named executions (StartExecution's idempotency), history, and redrive at the failed state. */
class ExecutionsTest {

    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";
    static final String TWO_TASKS = """
            {"StartAt": "First", "States": {
             "First": {"Type": "Task", "Resource": "%sCounter", "ResultPath": "$.first", "Next": "Second"},
             "Second": {"Type": "Task", "Resource": "%sFlaky", "ResultPath": "$.second", "End": true}}}""".formatted(ARN, ARN);

    @TempDir
    Path home;
    Sfn sfn;
    TestHandlers.Flaky counter;
    TestHandlers.Flaky flaky;

    @BeforeEach
    void setUp() {
        counter = new TestHandlers.Flaky(0);
        flaky = new TestHandlers.Flaky(1);
        sfn = new Sfn(home).handler("Counter", TestHandlers.Flaky.class, () -> counter)
                .handler("Flaky", TestHandlers.Flaky.class, () -> flaky);
    }

    @Test
    void sameNameAndInput_returnsRecordedResult_withoutRunningAgain() {
        ExecutionResult first = sfn.run(TWO_TASKS, "{\"a\": 1}", "run-1");
        ExecutionResult again = sfn.run(TWO_TASKS, "{\"a\": 1}", "run-1");
        assertThat(again).isEqualTo(first);
        assertThat(counter.calls).hasValue(1);
    }

    @Test
    void sameNameOtherInput_isExecutionAlreadyExists() {
        sfn.run(TWO_TASKS, "{\"a\": 1}", "run-1");
        assertThatThrownBy(() -> sfn.run(TWO_TASKS, "{\"a\": 2}", "run-1"))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void redrive_resumesAtFailedState_withItsInput() {
        ExecutionResult failed = sfn.run(TWO_TASKS, "{\"a\": 1}", "run-1");
        assertThat(failed.error()).isEqualTo(TestHandlers.TransientException.class.getName());

        ExecutionResult redriven = sfn.redrive("run-1");

        assertThat(redriven.status()).isEqualTo("SUCCEEDED");
        assertThat(counter.calls).hasValue(1); // First was not run again
        assertThat(redriven.output()).isEqualTo(json("{\"a\": 1, \"first\": {\"a\": 1}, \"second\": {\"a\": 1, \"first\": {\"a\": 1}}}"));
    }

    @Test
    void redrive_ofSucceededExecution_isRefused() {
        flaky = new TestHandlers.Flaky(0);
        sfn.handler("Flaky", TestHandlers.Flaky.class, () -> flaky);
        sfn.run(TWO_TASKS, "{}", "ok-1");
        assertThatThrownBy(() -> sfn.redrive("ok-1")).isInstanceOf(ExecutionNotRedrivableException.class);
        assertThatThrownBy(() -> sfn.redrive("never-ran")).isInstanceOf(ExecutionNotRedrivableException.class);
    }

    @Test
    void history_recordsStatesTasksAndOutcome() throws Exception {
        sfn.run(TWO_TASKS, "{}", "run-1");
        String history = Files.readString(home.resolve("executions/run-1/history.jsonl"));
        assertThat(history.lines().map(l -> json(l).get("type").asText()).toList()).containsExactly(
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskSucceeded", "TaskStateExited",
                "TaskStateEntered", "TaskScheduled", "TaskFailed", "ExecutionFailed");
        assertThat(json(Files.readString(home.resolve("executions/run-1/execution.json"))).get("failedState").asText())
                .isEqualTo("Second");
    }
}
