package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.handlers.TestHandlers;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retry and Catch, with the rules of AWS's "Handling errors in Step Functions workflows" page. */
class ErrorHandlingTest {

    static final String TRANSIENT = TestHandlers.TransientException.class.getName();
    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";

    @TempDir
    Path home;
    Sfn sfn;
    TestHandlers.Flaky flaky;

    @BeforeEach
    void setUp() {
        sfn = new Sfn(home).handler("Broken", TestHandlers.Broken.class).handler("Slow", TestHandlers.Slow.class);
    }

    private void flaky(int failures) {
        flaky = new TestHandlers.Flaky(failures);
        sfn.handler("Flaky", TestHandlers.Flaky.class, () -> flaky);
    }

    /** A one-Task machine; a "Recover" state exists only when a Catch can reach it (else it is unreachable). */
    private static String task(String function, String retryAndCatch) {
        String recover = retryAndCatch.contains("Recover") ? ", \"Recover\": {\"Type\": \"Pass\", \"End\": true}" : "";
        return """
                {"StartAt": "T", "States": {
                 "T": {"Type": "Task", "Resource": "%s%s", %s "End": true}%s}}""".formatted(ARN, function, retryAndCatch, recover);
    }

    @Test
    void retry_intervalTimesBackoffRate_untilMaxAttempts() {
        flaky(2);
        String def = task("Flaky", """
                "Retry": [{"ErrorEquals": ["%s"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 1.5}],""".formatted(TRANSIENT));
        ExecutionResult r = sfn.run(def, "{\"ok\": 1}");
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(flaky.calls).hasValue(3);
        assertThat(sfn.sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(4500));
    }

    @Test
    void retry_defaults_areOneSecondThreeAttemptsRateTwo() {
        flaky(5);
        ExecutionResult r = sfn.run(task("Flaky", "\"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}],"), "{}");
        assertThat(r.error()).isEqualTo(TRANSIENT);
        assertThat(flaky.calls).hasValue(4);
        assertThat(sfn.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void retry_maxDelaySeconds_capsTheBackoff() {
        flaky(4);
        sfn.run(task("Flaky", """
                "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 4, "BackoffRate": 3,
                           "MaxDelaySeconds": 10}],"""), "{}");
        assertThat(sfn.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void retry_fullJitter_waitsAtMostTheBackoff() {
        flaky(3);
        sfn.run(task("Flaky", """
                "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 4, "MaxAttempts": 3, "JitterStrategy": "FULL"}],"""), "{}");
        assertThat(sfn.sleeps).hasSize(3);
        assertThat(sfn.sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
        assertThat(sfn.sleeps.get(2)).isBetween(Duration.ZERO, Duration.ofSeconds(16));
    }

    @Test
    void retry_maxAttemptsZero_neverRetries() {
        flaky(1);
        ExecutionResult r = sfn.run(task("Flaky", "\"Retry\": [{\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 0}],"), "{}");
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(flaky.calls).hasValue(1);
    }

    @Test
    void retry_firstMatchingRetrierOnly_evenWhenExhausted() {
        flaky(2);
        String def = task("Flaky", """
                "Retry": [{"ErrorEquals": ["%s"], "MaxAttempts": 1}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}],""".formatted(TRANSIENT));
        assertThat(sfn.run(def, "{}").status()).isEqualTo("FAILED");
        assertThat(flaky.calls).hasValue(2);
    }

    @Test
    void retry_retryCount_isInTheContextObject() {
        flaky(2);
        String def = task("Flaky", """
                "Parameters": {"attempt.$": "$$.State.RetryCount"},
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],""");
        assertThat(sfn.run(def, "{}").output()).isEqualTo(json("{\"attempt\": 2}"));
    }

    @Test
    void catch_resultPath_placesErrorOutputInInput() {
        String def = task("Broken", """
                "Catch": [{"ErrorEquals": ["java.lang.IllegalStateException"], "ResultPath": "$.error-info", "Next": "Recover"}],""");
        ExecutionResult r = sfn.run(def, "{\"keep\": 1}");
        assertThat(r.output().get("keep").asInt()).isEqualTo(1);
        assertThat(r.output().at("/error-info/Error").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json(r.output().at("/error-info/Cause").asText()).get("errorMessage").asText()).isEqualTo("ledger is locked");
    }

    @Test
    void catch_defaultResultPath_replacesInputWithErrorOutput() {
        String def = task("Broken", "\"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Recover\"}],");
        ExecutionResult r = sfn.run(def, "{\"keep\": 1}");
        assertThat(r.output().fieldNames()).toIterable().containsExactly("Error", "Cause");
    }

    @Test
    void catch_statesTaskFailed_matchesHandlerErrors() {
        String def = task("Broken", "\"Catch\": [{\"ErrorEquals\": [\"States.TaskFailed\"], \"ResultPath\": null, \"Next\": \"Recover\"}],");
        assertThat(sfn.run(def, "{\"k\": 1}").output()).isEqualTo(json("{\"k\": 1}"));
    }

    @Test
    void catch_unmatchedError_failsTheExecution() {
        String def = task("Broken", "\"Catch\": [{\"ErrorEquals\": [\"Other\"], \"Next\": \"Recover\"}],");
        assertThat(sfn.run(def, "{}").error()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void taskTimeoutSeconds_exceeded_failsWithStatesTimeout() {
        ExecutionResult r = sfn.run(task("Slow", "\"TimeoutSeconds\": 1,"), "{\"millis\": 5000}");
        assertThat(r.error()).isEqualTo("States.Timeout");
    }

    @Test
    void statesTaskFailed_doesNotMatchStatesTimeout() {
        String def = task("Slow", """
                "TimeoutSeconds": 1, "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Recover"}],""");
        assertThat(sfn.run(def, "{\"millis\": 5000}").error()).isEqualTo("States.Timeout");
    }

    @Test
    void statesAll_doesNotCatchStatesRuntime() {
        String def = """
                {"StartAt": "T", "States": {
                 "T": {"Type": "Task", "Resource": "%sBroken", "InputPath": "$.missing",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "End": true},
                 "Recover": {"Type": "Pass", "End": true}}}""".formatted(ARN);
        assertThat(sfn.run(def, "{}").error()).isEqualTo("States.Runtime");
    }

    @Test
    void parallelBranchError_isCaughtOnTheParallelState() {
        String def = """
                {"StartAt": "P", "States": {
                 "P": {"Type": "Parallel", "Branches": [
                   {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
                   {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "BranchBroke", "Cause": "why"}}}],
                   "Catch": [{"ErrorEquals": ["BranchBroke"], "ResultPath": "$.err", "Next": "Recover"}], "End": true},
                 "Recover": {"Type": "Pass", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{}");
        assertThat(r.output()).isEqualTo(json("{\"err\": {\"Error\": \"BranchBroke\", \"Cause\": \"why\"}}"));
    }
}
