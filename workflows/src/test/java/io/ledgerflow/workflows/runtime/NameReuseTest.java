package io.ledgerflow.workflows.runtime;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** StartExecution with a name that is taken: AWS's rule (the local server) and the embedded default's replay. */
class NameReuseTest {

    static final String ARN = ExecutionRecordTest.MACHINE_ARN;
    static final String OTHER_ARN = ARN.replace("daily-journal", "monthly-close");
    static final String DEFINITION = ExecutionRecordTest.DEFINITION;

    final Execution running = ExecutionRecordTest.running("r-1");
    final Execution succeeded = running.succeededWith(json("{}"), ExecutionRecordTest.T0.plusSeconds(1));

    @Test
    void aws_sameNameAndInputWhileRunning_isThatExecution() {
        assertThat(NameReuse.AWS.reuse(running, ARN, json("{\"a\": 1}"), DEFINITION)).isSameAs(running);
    }

    @Test
    void aws_anotherInput_anotherStateMachine_orAnEndedExecution_isExecutionAlreadyExists() {
        assertThatThrownBy(() -> NameReuse.AWS.reuse(running, ARN, json("{\"a\": 2}"), DEFINITION))
                .isInstanceOf(ExecutionAlreadyExistsException.class).hasMessageContaining(running.arn());
        assertThatThrownBy(() -> NameReuse.AWS.reuse(running, OTHER_ARN, json("{\"a\": 1}"), DEFINITION))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThatThrownBy(() -> NameReuse.AWS.reuse(succeeded, ARN, json("{\"a\": 1}"), DEFINITION))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void replay_sameInputAndDefinitionOnceEnded_isTheRecordedExecution() {
        assertThat(NameReuse.REPLAY.reuse(succeeded, ARN, json("{\"a\": 1}"), DEFINITION)).isSameAs(succeeded);
    }

    @Test
    void replay_anotherInputOrDefinition_orAStillRunningExecution_isRefused() {
        assertThatThrownBy(() -> NameReuse.REPLAY.reuse(succeeded, ARN, json("{\"a\": 2}"), DEFINITION))
                .isInstanceOf(ExecutionAlreadyExistsException.class).hasMessageContaining("different input or definition");
        assertThatThrownBy(() -> NameReuse.REPLAY.reuse(succeeded, ARN, json("{\"a\": 1}"), DEFINITION.replace("Done", "End")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThatThrownBy(() -> NameReuse.REPLAY.reuse(running, ARN, json("{\"a\": 1}"), DEFINITION))
                .isInstanceOf(ExecutionAlreadyExistsException.class).hasMessageContaining("recorded as RUNNING");
    }
}
