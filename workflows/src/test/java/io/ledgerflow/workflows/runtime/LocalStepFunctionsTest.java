package io.ledgerflow.workflows.runtime;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.workflows.handlers.TestHandlers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Step Functions service in both modes, on the embedded runtime with real handlers:
 * StartExecution's name rules, DescribeExecution and ListExecutions by ARN, RedriveExecution's
 * rules, stopping the asynchronous mode, and records of the former form.
 */
class LocalStepFunctionsTest {

    static final StatesArns ARNS = new StatesArns("ap-northeast-1", StatesArns.ACCOUNT);
    static final String LAMBDA = "arn:aws:lambda:ap-northeast-1:000000000000:function:";
    static final String GATED = """
            {"StartAt": "Wait", "States": {"Wait": {"Type": "Task", "Resource": "%sGate", "End": true}}}""".formatted(LAMBDA);
    static final String FLAKY = """
            {"StartAt": "First", "States": {
             "First": {"Type": "Pass", "Result": "first", "ResultPath": "$.first", "Next": "Work"},
             "Work": {"Type": "Task", "Resource": "%sFlaky", "End": true}}}""".formatted(LAMBDA);

    @TempDir
    Path home;
    final TestClock clock = new TestClock(Instant.parse("2026-11-24T00:00:00Z"));
    final Gate gate = new Gate();
    final TestHandlers.Flaky flaky = new TestHandlers.Flaky(1);
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<LocalStepFunctions> opened = new ArrayList<>();
    LocalStateMachine gated;
    LocalStateMachine failing;

    /** Blocks each invocation until the test opens it; counts who got in. */
    public static final class Gate implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            entered.countDown();
            try {
                if (!open.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return event;
        }
    }

    @BeforeEach
    void machines() {
        gated = new LocalStateMachine("ledgerflow-gated", ARNS.stateMachineArn("ledgerflow-gated"), GATED);
        failing = new LocalStateMachine("ledgerflow-flaky", ARNS.stateMachineArn("ledgerflow-flaky"), FLAKY);
    }

    @AfterEach
    void close() {
        gate.open.countDown();
        opened.forEach(s -> s.close(Duration.ofSeconds(10)));
    }

    WorkflowRuntime runtime() {
        LambdaFunctions functions = LambdaFunctions.builder().register("Gate", Gate.class, () -> gate)
                .register("Flaky", TestHandlers.Flaky.class, () -> flaky).build();
        return new WorkflowRuntime(home, functions, new FileSystemObjectStore(home.resolve("s3")), d -> { }, clock, new Random(7));
    }

    LocalStepFunctions synchronous() {
        return open(LocalStepFunctions.synchronous(runtime(), List.of(gated, failing), Map.of()));
    }

    LocalStepFunctions asynchronous() {
        return open(LocalStepFunctions.asynchronous(runtime(), List.of(gated, failing), Map.of(), log::add));
    }

    LocalStepFunctions open(LocalStepFunctions service) {
        opened.add(service);
        return service;
    }

    static Execution awaitEnd(LocalStepFunctions service, String arn) throws InterruptedException {
        Execution e = service.describeExecution(arn);
        for (int polls = 0; e.running() && polls < 300; polls++) {
            Thread.sleep(20);
            e = service.describeExecution(arn);
        }
        return e;
    }

    @Test
    void synchronous_start_runsToTheEnd_andIsDescribedByItsArn() {
        gate.open.countDown();
        LocalStepFunctions sfn = synchronous();

        Execution ended = sfn.startExecution(gated.arn(), "g-1", json("{\"a\": 1}"));

        assertThat(ended.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ended.arn()).isEqualTo("arn:aws:states:ap-northeast-1:000000000000:execution:ledgerflow-gated:g-1");
        assertThat(ended.output()).isEqualTo(json("{\"a\": 1}"));
        assertThat(sfn.describeExecution(ended.arn())).isEqualTo(ended);
        assertThat(sfn.startExecution(gated.arn(), "g-1", json("{\"a\": 1}"))).as("replayed").isEqualTo(ended);
        assertThatThrownBy(() -> sfn.startExecution(gated.arn(), "g-1", json("{\"a\": 2}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void asynchronous_start_answersRunning_thenTheSameNameAndInputIsTheSameExecution_untilItEnds() throws Exception {
        LocalStepFunctions sfn = asynchronous();

        Execution accepted = sfn.startExecution(gated.arn(), "g-1", json("{\"a\": 1}"));
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(accepted.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(sfn.describeExecution(accepted.arn()).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(sfn.startExecution(gated.arn(), "g-1", json("{\"a\": 1}"))).isEqualTo(accepted);
        assertThatThrownBy(() -> sfn.startExecution(gated.arn(), "g-1", json("{\"a\": 2}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThatThrownBy(() -> sfn.redriveExecution(accepted.arn())).isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution is RUNNING and cannot be redriven");

        gate.open.countDown();
        Execution ended = awaitEnd(sfn, accepted.arn());

        assertThat(ended.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThatThrownBy(() -> sfn.startExecution(gated.arn(), "g-1", json("{\"a\": 1}")))
                .as("AWS: a closed execution's name is taken").isInstanceOf(ExecutionAlreadyExistsException.class);
        // The worker logs after it has recorded the end: drain it before reading the log.
        sfn.close(Duration.ofSeconds(10));
        assertThat(log).contains("execution g-1: SUCCEEDED");
    }

    @Test
    void unknownStateMachines_executionsAndBadArnsOrNames_areAwsErrors() {
        LocalStepFunctions sfn = synchronous();
        String unknown = ARNS.stateMachineArn("ledgerflow-nothing");

        assertThatThrownBy(() -> sfn.startExecution(unknown, "x", json("{}"))).isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.startExecution("arn:aws:lambda:ap-northeast-1:000000000000:function:x", "x", json("{}")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.startExecution(gated.arn(), "bad name", json("{}"))).isInstanceOf(InvalidNameException.class)
                .extracting(e -> ((LocalServiceException) e).awsErrorCode()).isEqualTo("InvalidName");
        assertThatThrownBy(() -> sfn.describeExecution(StatesArns.executionArn(gated.arn(), "never")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeExecution(gated.arn())).isInstanceOf(InvalidArnException.class);
    }

    @Test
    void anExecution_isDescribedOnlyUnderItsOwnStateMachineAndRegion() {
        gate.open.countDown();
        LocalStepFunctions sfn = synchronous();
        Execution e = sfn.startExecution(gated.arn(), "g-1", json("{}"));

        assertThatThrownBy(() -> sfn.describeExecution(StatesArns.executionArn(failing.arn(), "g-1")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeExecution(e.arn().replace("ap-northeast-1", "us-east-1")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void redrive_resumesAtTheFailedState_countsTheRedrive_andASucceededOneIsRefused() {
        LocalStepFunctions sfn = synchronous();
        Execution failed = sfn.startExecution(failing.arn(), "f-1", json("{\"a\": 1}"));
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.failedState()).isEqualTo("Work");
        assertThat(sfn.notRedrivableReason(failed)).isEmpty();
        clock.advance(Duration.ofMinutes(5));

        Execution redriven = sfn.redriveExecution(failed.arn());

        assertThat(redriven.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(redriven.output()).isEqualTo(json("{\"a\": 1, \"first\": \"first\"}"));
        assertThat(redriven.redriveCount()).isEqualTo(1);
        assertThat(redriven.redriveDate()).isEqualTo(clock.instant());
        assertThat(flaky.calls).hasValue(2); // Work twice; First (a Pass) was not run again
        assertThat(sfn.notRedrivableReason(redriven)).contains("Execution is SUCCEEDED and cannot be redriven");
        assertThatThrownBy(() -> sfn.redriveExecution(failed.arn())).isInstanceOf(ExecutionNotRedrivableException.class);
    }

    @Test
    void redrive_afterTheRedrivablePeriod_isRefused() {
        LocalStepFunctions sfn = synchronous();
        Execution failed = sfn.startExecution(failing.arn(), "f-1", json("{}"));

        clock.advance(RedrivePolicy.REDRIVABLE_PERIOD.plusSeconds(1));

        assertThat(sfn.notRedrivableReason(sfn.describeExecution(failed.arn()))).contains("Execution redrivable period exceeded");
        assertThatThrownBy(() -> sfn.redriveExecution(failed.arn())).isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("redrivable period exceeded");
        assertThat(sfn.describeExecution(failed.arn()).redriveCount()).isZero();
    }

    @Test
    void stopping_abortsQueuedExecutions_whichARedriveThenRunsFromTheStart() throws Exception {
        LocalStepFunctions sfn = asynchronous();
        List<Execution> accepted = new ArrayList<>();
        for (int i = 0; i <= LocalStepFunctions.EXECUTIONS_RUNNING_MAX; i++) { // one more than run at once
            accepted.add(sfn.startExecution(gated.arn(), "g-" + i, json("{\"i\": " + i + "}")));
        }
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.ofPlatform().start(() -> {
            sleep(300); // while close() waits for the running ones
            gate.open.countDown();
        });

        sfn.close(Duration.ofSeconds(20));

        assertThatThrownBy(() -> sfn.startExecution(gated.arn(), "late", json("{}"))).isInstanceOf(ServiceStoppingException.class);
        LocalStepFunctions after = synchronous();
        List<Execution> ended = accepted.stream().map(e -> after.describeExecution(e.arn())).toList();
        assertThat(ended).extracting(Execution::status).containsOnly(ExecutionStatus.SUCCEEDED, ExecutionStatus.ABORTED);
        Execution aborted = ended.stream().filter(e -> e.status() == ExecutionStatus.ABORTED).findFirst().orElseThrow();
        assertThat(aborted.error()).isEqualTo(LocalStepFunctions.SERVER_STOPPED);
        assertThat(aborted.stopDate()).isNotNull();

        Execution redriven = after.redriveExecution(aborted.arn());

        assertThat(redriven.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(redriven.output()).isEqualTo(aborted.input());
        assertThat(redriven.redriveCount()).isEqualTo(1);
    }

    @Test
    void list_isTheStateMachinesExecutions_newestFirst() {
        gate.open.countDown();
        LocalStepFunctions sfn = synchronous();
        sfn.startExecution(gated.arn(), "g-old", json("{}"));
        clock.advance(Duration.ofSeconds(1));
        sfn.startExecution(failing.arn(), "f-1", json("{}"));
        clock.advance(Duration.ofSeconds(1));
        sfn.startExecution(gated.arn(), "g-new", json("{}"));

        assertThat(sfn.listExecutions(gated.arn())).extracting(Execution::name).containsExactly("g-new", "g-old");
        assertThat(sfn.listExecutions(failing.arn())).extracting(Execution::name).containsExactly("f-1");
        assertThat(sfn.stateMachines()).containsExactly(gated, failing);
    }

    @Test
    void aRecordOfTheFormerForm_isServedUnderItsStateMachinesNewName_andRedrivenIntoTheCurrentForm() throws IOException {
        new ExecutionRecordTest().copyLegacyRecordTo(home, "daily-2026-11-24");
        LocalStateMachine daily = new LocalStateMachine("ledgerflow-daily-journal", ExecutionRecordTest.MACHINE_ARN, FLAKY);
        flaky.calls.set(1); // its one failure happened before
        LocalStepFunctions sfn = open(LocalStepFunctions.synchronous(runtime(), List.of(daily),
                Map.of("daily-journal", daily.arn())));
        String arn = StatesArns.executionArn(daily.arn(), "daily-2026-11-24");

        assertThat(sfn.describeExecution(arn).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sfn.listExecutions(daily.arn())).extracting(Execution::arn).containsExactly(arn);

        Execution redriven = sfn.redriveExecution(arn);

        assertThat(redriven.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(redriven.output()).isEqualTo(json("{\"businessDate\": \"2026-11-24\"}"));
        String file = Files.readString(home.resolve("executions/daily-2026-11-24/execution.json"));
        assertThat(json(file).get("stateMachineArn").asText()).isEqualTo(daily.arn());
        assertThat(json(file).get("executionArn").asText()).isEqualTo(arn);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
