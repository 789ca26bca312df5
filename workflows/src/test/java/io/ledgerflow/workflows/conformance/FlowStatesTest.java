package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wait, Succeed and Fail states. */
class FlowStatesTest {

    @TempDir
    Path home;
    Sfn sfn;

    @BeforeEach
    void setUp() {
        sfn = new Sfn(home);
    }

    @Test
    void wait_seconds_waitsThatLong_andPassesInputThrough() {
        String def = """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"a\": 1}");
        assertThat(r.output()).isEqualTo(json("{\"a\": 1}"));
        assertThat(sfn.sleeps).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void wait_secondsPath_readsTheInput() {
        String def = """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.delay", "End": true}}}""";
        sfn.run(def, "{\"delay\": 7}");
        assertThat(sfn.sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void wait_timestampInThePast_doesNotWait() {
        String def = """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": true}}}""";
        assertThat(sfn.run(def, "{}").status()).isEqualTo("SUCCEEDED");
        assertThat(sfn.sleeps).isEmpty();
    }

    @Test
    void wait_timestampPath_waitsUntilThen() {
        String def = """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "TimestampPath": "$.until", "End": true}}}""";
        // on a fixed clock: the span waited is exact, however long the machine takes to get there
        Instant now = Instant.parse("2026-11-30T23:59:30Z");
        sfn.clock(Clock.fixed(now, ZoneOffset.UTC));
        String until = now.plusSeconds(60).toString();
        sfn.run(def, "{\"until\": \"" + until + "\"}");
        assertThat(sfn.sleeps).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void succeed_endsWithItsFilteredInput() {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}}""";
        assertThat(sfn.run(def, "{\"a\": {\"b\": 2}}").output()).isEqualTo(json("2"));
    }

    @Test
    void fail_errorAndCause_endTheExecution() {
        String def = """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "ErrorA", "Cause": "Kaiju attack"}}}""";
        ExecutionResult r = sfn.run(def, "{}");
        assertThat(r.toJson()).isEqualTo(json("{\"status\": \"FAILED\", \"error\": \"ErrorA\", \"cause\": \"Kaiju attack\"}"));
    }

    @Test
    void fail_errorPathAndCausePath_mayUseIntrinsics() {
        String def = """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.code",
                 "CausePath": "States.Format('item {} failed', $.id)"}}}""";
        ExecutionResult r = sfn.run(def, "{\"code\": \"BadItem\", \"id\": 42}");
        assertThat(r.error()).isEqualTo("BadItem");
        assertThat(r.cause()).isEqualTo("item 42 failed");
    }

    @Test
    void executionTimeoutSeconds_expired_failsWithStatesTimeout() {
        sfn.handler("Slow", io.ledgerflow.workflows.handlers.TestHandlers.Slow.class);
        String def = """
                {"TimeoutSeconds": 1, "StartAt": "T", "States": {
                 "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Slow", "Next": "P"},
                 "P": {"Type": "Pass", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"millis\": 1100}");
        assertThat(r.error()).isEqualTo("States.Timeout");
        assertThat(r.status()).isEqualTo("TIMED_OUT");
    }
}
