package io.ledgerflow.workflows.runtime;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed execution record: its invariants, its life, and its file (the current form and the older one). */
class ExecutionRecordTest {

    static final String MACHINE_ARN = "arn:aws:states:ap-northeast-1:000000000000:stateMachine:ledgerflow-daily-journal";
    static final String DEFINITION = "{\"StartAt\": \"Done\", \"States\": {\"Done\": {\"Type\": \"Succeed\"}}}";
    static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @TempDir
    Path home;

    static Execution running(String name) {
        return Execution.started(name, "ledgerflow-daily-journal", MACHINE_ARN, json("{\"a\": 1}"), DEFINITION, T0);
    }

    @Test
    void started_isRunning_withTheArnOfItsStateMachineAndName() {
        Execution e = running("daily-2026-11-24");

        assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(e.arn()).isEqualTo("arn:aws:states:ap-northeast-1:000000000000:execution:ledgerflow-daily-journal:daily-2026-11-24");
        assertThat(e.stopDate()).isNull();
        assertThat(e.redriveCount()).isZero();
    }

    @Test
    void aFailure_recordsWhereItFailed_andARedriveThatFailsOutsideAStateKeepsIt() {
        Execution failed = running("r-1").failedWith(ExecutionStatus.FAILED, "E", "C", "Work", json("{\"w\": 1}"), T0.plusSeconds(5));
        Execution redriven = failed.redrivenAt(T0.plusSeconds(60));

        Execution failedAgain = redriven.failedWith(ExecutionStatus.TIMED_OUT, "States.Timeout", "late", null, null, T0.plusSeconds(90));

        assertThat(redriven.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(redriven.error()).isNull();
        assertThat(redriven.stopDate()).isNull();
        assertThat(redriven.redriveCount()).isEqualTo(1);
        assertThat(redriven.redriveDate()).isEqualTo(T0.plusSeconds(60));
        assertThat(failedAgain.failedState()).isEqualTo("Work");
        assertThat(failedAgain.failedStateInput()).isEqualTo(json("{\"w\": 1}"));
        assertThat(failedAgain.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    }

    @Test
    void invariants_refuseARecordThatContradictsItsStatus() {
        Execution ok = running("r-1").succeededWith(json("{\"out\": 1}"), T0.plusSeconds(1));

        assertThatThrownBy(() -> new Execution(ok.name(), ok.arn(), ok.stateMachineName(), ok.stateMachineArn(),
                ExecutionStatus.FAILED, ok.input(), ok.output(), "E", null, ok.startDate(), ok.stopDate(), 0, null, null, null,
                ok.definition())).isInstanceOf(IllegalStateException.class).hasMessageContaining("only a SUCCEEDED execution has an output");
        assertThatThrownBy(() -> new Execution(ok.name(), ok.arn(), ok.stateMachineName(), ok.stateMachineArn(),
                ExecutionStatus.RUNNING, ok.input(), null, null, null, ok.startDate(), ok.stopDate(), 0, null, null, null,
                ok.definition())).isInstanceOf(IllegalStateException.class).hasMessageContaining("stop date");
        assertThatThrownBy(() -> new Execution(ok.name(), ok.arn().replace("r-1", "r-2"), ok.stateMachineName(),
                ok.stateMachineArn(), ok.status(), ok.input(), ok.output(), null, null, ok.startDate(), ok.stopDate(), 0, null,
                null, null, ok.definition())).isInstanceOf(IllegalStateException.class).hasMessageContaining("ARN");
        assertThatThrownBy(() -> ok.redrivenAt(T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ok.succeededWith(ok.output(), T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void names_followStartExecutionsRule_narrowedToFolderNames() {
        Execution.checkName("daily-2026-11-24");
        Execution.checkName("rerun-2026-11-24-20261125T010203004Z");
        Execution.checkName("a".repeat(80));

        for (String bad : new String[] {"", "a".repeat(81), "has space", "a/b", "a:b", ".hidden", "x*", "..", "日本"}) {
            assertThatThrownBy(() -> Execution.checkName(bad)).as(bad).isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("1-80 characters");
        }
    }

    @Test
    void store_writesAndReadsBackTheSameRecord_inEveryStatus() {
        ExecutionStore store = new ExecutionStore(home, Clock.systemUTC());
        Execution failed = running("f-1").failedWith(ExecutionStatus.FAILED, "E", null, "Work", json("[1, 2.50]"), T0.plusSeconds(2));
        Execution[] all = {
            running("r-1"),
            running("s-1").succeededWith(json("null"), T0.plusSeconds(1)),
            failed,
            running("d-1").failedWith(ExecutionStatus.TIMED_OUT, "States.Timeout", "", "Work", json("{}"), T0.plusSeconds(2))
                    .redrivenAt(T0.plusSeconds(3)).succeededWith(json("{\"x\": \"y\"}"), T0.plusSeconds(4)),
            running("a-1").abortedWith(LocalStepFunctions.SERVER_STOPPED, "stopped", T0.plusSeconds(1)),
        };
        for (Execution e : all) {
            store.save(e);
        }

        for (Execution e : all) {
            assertThat(store.load(e.name())).as(e.name()).contains(e);
        }
        assertThat(store.names()).containsExactlyInAnyOrder("r-1", "s-1", "f-1", "d-1", "a-1");
        assertThat(store.load("never")).isEmpty();
    }

    @Test
    void theFile_holdsTheFieldsOfTheFormerForm_plusBothArns() throws IOException {
        ExecutionStore store = new ExecutionStore(home, Clock.systemUTC());
        store.save(running("r-1").failedWith(ExecutionStatus.FAILED, "E", "C", "Work", json("{}"), T0.plusSeconds(2)));

        JsonNode file = json(Files.readString(home.resolve("executions/r-1/execution.json")));

        assertThat(file.fieldNames()).toIterable().containsExactly("name", "executionArn", "stateMachineName",
                "stateMachineArn", "status", "startDate", "stopDate", "redriveCount", "definition", "input", "error", "cause",
                "failedState", "failedStateInput");
        assertThat(file.get("status").asText()).isEqualTo("FAILED");
        assertThat(file.get("stopDate").asText()).isEqualTo("2026-11-24T00:00:02Z");
    }

    @Test
    void aRecordOfTheFormerForm_isReadWithDerivedArns_orUnderItsNewStateMachine() throws IOException {
        copyLegacyRecord("daily-2026-11-24");
        ExecutionStore store = new ExecutionStore(home, Clock.systemUTC());

        Execution asWritten = store.load("daily-2026-11-24").orElseThrow();
        Execution renamed = store.load("daily-2026-11-24", Map.of("daily-journal", MACHINE_ARN)).orElseThrow();

        assertThat(asWritten.stateMachineArn()).isEqualTo(StatesArns.LOCAL.stateMachineArn("daily-journal"));
        assertThat(asWritten.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(asWritten.failedState()).isEqualTo("Work");
        assertThat(asWritten.stopDate()).isEqualTo(Instant.parse("2026-11-24T00:00:05Z"));
        assertThat(renamed.stateMachineName()).isEqualTo("ledgerflow-daily-journal");
        assertThat(renamed.arn()).isEqualTo(
                "arn:aws:states:ap-northeast-1:000000000000:execution:ledgerflow-daily-journal:daily-2026-11-24");
        assertThat(renamed.input()).isEqualTo(asWritten.input());
    }

    @Test
    void aDamagedRecord_failsToLoad_namingItsFile() throws IOException {
        ExecutionStore store = new ExecutionStore(home, Clock.systemUTC());
        store.save(running("r-1"));
        Path file = home.resolve("executions/r-1/execution.json");
        Files.writeString(file, Files.readString(file).replace("\"RUNNING\"", "\"SUCCEEDED\""));

        assertThatThrownBy(() -> store.load("r-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("stop date");
    }

    void copyLegacyRecord(String name) throws IOException {
        copyLegacyRecordTo(home, name);
    }

    /** Puts the test resource executions/legacy/NAME, a record as the former runtime wrote it, under {@code home}. */
    void copyLegacyRecordTo(Path home, String name) throws IOException {
        Path target = home.resolve("executions").resolve(name).resolve("execution.json");
        Files.createDirectories(target.getParent());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("executions/legacy/" + name + "/execution.json")) {
            assertThat(in).as("test resource executions/legacy/" + name).isNotNull();
            Files.copy(in, target);
        }
    }
}
