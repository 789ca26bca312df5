package io.ledgerflow.workflows.runtime;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RedriveExecution's rules: what can be redriven, and until when. */
class RedrivePolicyTest {

    static final Instant STOP = ExecutionRecordTest.T0.plusSeconds(10);

    static Execution failed() {
        return ExecutionRecordTest.running("f-1").failedWith(ExecutionStatus.FAILED, "E", "C", "Work", json("{}"), STOP);
    }

    @Test
    void failedTimedOutAndAborted_areRedrivable_rightAfterTheyEnd() {
        Execution timedOut = ExecutionRecordTest.running("t-1")
                .failedWith(ExecutionStatus.TIMED_OUT, "States.Timeout", "", null, null, STOP);
        Execution aborted = ExecutionRecordTest.running("a-1").abortedWith(LocalStepFunctions.SERVER_STOPPED, "stopped", STOP);

        assertThat(RedrivePolicy.notRedrivableReason(failed(), STOP)).isEmpty();
        assertThat(RedrivePolicy.notRedrivableReason(timedOut, STOP)).isEmpty();
        assertThat(RedrivePolicy.notRedrivableReason(aborted, STOP)).isEmpty();
    }

    @Test
    void runningAndSucceeded_areNotRedrivable_inDescribeExecutionsWords() {
        Execution running = ExecutionRecordTest.running("r-1");
        Execution succeeded = running.succeededWith(json("{}"), STOP);

        assertThat(RedrivePolicy.notRedrivableReason(running, STOP)).contains("Execution is RUNNING and cannot be redriven");
        assertThat(RedrivePolicy.notRedrivableReason(succeeded, STOP)).contains("Execution is SUCCEEDED and cannot be redriven");
        assertThatThrownBy(() -> RedrivePolicy.check(succeeded, STOP)).isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessage("Execution is SUCCEEDED and cannot be redriven: '" + succeeded.arn() + "'");
    }

    @Test
    void redrivablePeriod_isFourteenDaysFromTheStop() {
        Instant lastMoment = STOP.plus(Duration.ofDays(14));

        assertThat(RedrivePolicy.notRedrivableReason(failed(), lastMoment)).isEmpty();
        assertThat(RedrivePolicy.notRedrivableReason(failed(), lastMoment.plusMillis(1)))
                .contains("Execution redrivable period exceeded");
    }

    @Test
    void theThousandthRedrive_isTheLast() {
        Execution e = failed();
        for (int i = 0; i < RedrivePolicy.REDRIVES_MAX - 1; i++) {
            e = e.redrivenAt(STOP).failedWith(ExecutionStatus.FAILED, "E", "C", null, null, STOP);
        }
        assertThat(e.redriveCount()).isEqualTo(999);
        assertThat(RedrivePolicy.notRedrivableReason(e, STOP)).isEmpty();

        Execution last = e.redrivenAt(STOP).failedWith(ExecutionStatus.FAILED, "E", "C", null, null, STOP);

        assertThat(last.redriveCount()).isEqualTo(1_000);
        assertThat(RedrivePolicy.notRedrivableReason(last, STOP)).hasValueSatisfying(r -> assertThat(r).contains("1000 times"));
        assertThatThrownBy(() -> last.redrivenAt(STOP)).isInstanceOf(IllegalStateException.class);
    }
}
