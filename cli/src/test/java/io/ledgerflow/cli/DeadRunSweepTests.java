package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.cli.local.HomeLock;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunRequest;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.workflows.runtime.Execution;
import io.ledgerflow.workflows.runtime.ExecutionStatus;
import io.ledgerflow.workflows.runtime.ExecutionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new owner of a home does with executions a dead process left RUNNING: the state a killed
 * process leaves (its run STARTED, its execution RUNNING in a state, its pid in the lock file) is
 * laid down here, then a command takes the home.
 */
class DeadRunSweepTests {

    static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    static final YearMonth MONTH = YearMonth.of(2026, 11);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void aDeadDailyRun_isFailedWithItsProcess_andItsExecutionAbortedAtTheStateItWasIn() throws Exception {
        String runId = "daily-" + DATE;
        try (LocalLedger ledger = LocalLedger.open(home)) {
            ledger.store().beginRun(new RunRequest(runId, DATE, LocalDate.of(2026, 4, 1), "hanako", ""));
        }
        JsonNode mapInput = JSON.readTree("{\"runId\":\"" + runId + "\",\"prepared\":{\"partitions\":30}}");
        running(StateMachines.DAILY_JOURNAL, runId, "{\"runId\":\"" + runId + "\",\"businessDate\":\"" + DATE + "\"}",
                "Prepare", "JournalizePartitions", mapInput);
        long dead = deadPid();
        leftBy(dead, "ledgerflow daily --date " + DATE);

        CliRun status = CliRun.of("status", "--home", home.toString(), "--date", DATE.toString());

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.err()).contains("execution " + runId + " was left RUNNING by pid " + dead);
        String reason = "ledgerflow.ProcessEnded: the process running it ended before it finished (pid " + dead
                + ", ledgerflow daily --date " + DATE + ", running since 2026-11-20T21:00:00Z)";
        assertThat(status.out()).contains("FAILED     " + runId).contains("failed: " + reason);
        Execution aborted = executions().load(runId).orElseThrow();
        assertThat(aborted.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(aborted.cause()).isEqualTo(reason.substring("ledgerflow.ProcessEnded: ".length()));
        assertThat(aborted.failedState()).isEqualTo("JournalizePartitions");
        assertThat(aborted.failedStateInput()).isEqualTo(mapInput);
        assertThat(aborted.stopDate()).isNotNull();
        assertThat(Files.readString(home.resolve("executions/" + runId + "/history.jsonl"))).contains("\"type\":\"ExecutionAborted\"");
        try (LocalLedger ledger = LocalLedger.open(home)) {
            assertThat(ledger.store().runs(DATE)).singleElement().satisfies(run -> {
                assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                assertThat(run.failure()).isEqualTo(reason);
            });
        }
    }

    @Test
    void aDeadClose_returnsItsMonthToOpen_withTheReason_asTheCloseWorkflowDoesOnFailure() throws Exception {
        try (LocalLedger ledger = LocalLedger.open(home)) {
            ledger.store().transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING, "keiko", "close: 20 days");
        }
        running(StateMachines.MONTHLY_CLOSE, "close-" + MONTH, "{\"month\":\"" + MONTH + "\",\"requestedBy\":\"keiko\"}",
                "Lock", "ReconcileDays", JSON.readTree("{\"month\":\"" + MONTH + "\"}"));
        long dead = deadPid();
        leftBy(dead, "ledgerflow close --month " + MONTH);

        try (LocalLedger ledger = LocalLedger.open(home)) {
            assertThat(ledger.store().periodState(MONTH)).isEqualTo(PeriodState.OPEN);
            List<PeriodEvent> history = ledger.store().period(MONTH).history();
            assertThat(history.get(history.size() - 1).reason()).startsWith("close failed: ledgerflow.ProcessEnded: "
                    + "the process running it ended before it finished (pid " + dead + ", ledgerflow close --month " + MONTH);
        }
        Execution aborted = executions().load("close-" + MONTH).orElseThrow();
        assertThat(aborted.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(aborted.failedState()).isEqualTo("ReconcileDays");
    }

    @Test
    void executionsOfThisProcess_areLeftRunning_whileItHoldsTheHome() throws Exception {
        try (HomeLock held = HomeLock.acquire(home, HomeLock.Waiting.refuse(null, "ledgerflow test"))) {
            try (LocalLedger first = LocalLedger.open(home)) { // the hold's sweep: nothing yet
                running(StateMachines.DAILY_JOURNAL, "daily-" + DATE,
                        "{\"runId\":\"daily-" + DATE + "\",\"businessDate\":\"" + DATE + "\"}", "Prepare", "JournalizePartitions",
                        JSON.readTree("{}"));
            }
            try (LocalLedger again = LocalLedger.open(home)) {
                assertThat(executions().load("daily-" + DATE).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
            }
        }
    }

    /** An execution recorded RUNNING, which has entered and left {@code exited} and then entered {@code inState}. */
    private void running(String machine, String name, String input, String exited, String inState, JsonNode stateInput)
            throws Exception {
        String arn = StateMachines.stateMachineArn(LocalLedger.REGION, EmbeddedTarget.ACCOUNT, machine);
        ExecutionStore store = executions();
        store.save(Execution.started(name, StateMachines.deployedName(machine), arn, JSON.readTree(input),
                StateMachines.definition(machine).orElseThrow(), Instant.parse("2026-11-20T21:00:01Z")));
        var history = store.history(name);
        history.record("ExecutionStarted", null, JSON.readTree(input));
        history.record("TaskStateEntered", exited, JSON.readTree(input));
        history.record("TaskStateExited", exited, JSON.readTree(input));
        history.record("MapStateEntered", inState, stateInput);
    }

    private ExecutionStore executions() {
        return new ExecutionStore(home, Clock.systemUTC());
    }

    /** The lock file as a killed runner leaves it: its pid and command, the OS lock gone with it. */
    private void leftBy(long pid, String command) throws Exception {
        Files.writeString(home.resolve(HomeLock.FILE), "pid=" + pid + "\ncommand=" + command + "\nsince=2026-11-20T21:00:00Z\n"
                + "runner.pid=" + pid + "\nrunner.command=" + command + "\nrunner.since=2026-11-20T21:00:00Z\n");
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return p.pid();
    }
}
