package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One execution of the local Step Functions service, as {@link ExecutionStore} records it: what
 * DescribeExecution shows (name, ARNs, status, input, output or error and cause, dates, redrive
 * count) and what a redrive needs (the definition it ran, the state that failed and its input).
 * Immutable: each step of its life ({@link #started}, {@link #succeededWith}, {@link #failedWith},
 * {@link #abortedWith}, {@link #redrivenAt}) returns the next record. The constructor checks the
 * invariants, so that a record that breaks one is never written and never read back.
 *
 * @param arn              {@link StatesArns#executionArn(String, String)} of the state machine's ARN and the name
 * @param output           only when SUCCEEDED (JSON {@code null} is an output)
 * @param error            only when FAILED, TIMED_OUT or ABORTED; {@code cause} likewise
 * @param stopDate         exactly when the execution has ended (it is not RUNNING)
 * @param redriveDate      the last redrive's, exactly when {@code redriveCount} is positive
 * @param failedState      where it last failed, null if it never entered a state; kept after a
 *                         successful redrive, as the history keeps it
 * @param failedStateInput that state's input, which a redrive resumes with
 * @param definition       the ASL it runs (substituted and valid): a redrive runs the same definition
 */
public record Execution(String name, String arn, String stateMachineName, String stateMachineArn, ExecutionStatus status,
                        JsonNode input, JsonNode output, String error, String cause, Instant startDate, Instant stopDate,
                        int redriveCount, Instant redriveDate, String failedState, JsonNode failedStateInput,
                        String definition) {

    /**
     * StartExecution's name rule, narrowed: AWS allows 1-80 characters without whitespace, brackets,
     * wildcards, {@code " # % \ ^ | ~ ` $ & , ; : /} and control characters; here the name is also a
     * folder name under the home, so it is 1-80 of {@code A-Z a-z 0-9 _ . -}, not starting with a dot.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,79}");

    public Execution {
        checkName(name);
        require(stateMachineName != null && stateMachineArn != null && status != null && input != null
                && startDate != null && definition != null, "state machine, status, input, start date and definition are set");
        require(arn != null && arn.equals(StatesArns.executionArn(stateMachineArn, name)),
                "its ARN " + arn + " is its state machine's " + stateMachineArn + " and its name");
        require(output == null || status == ExecutionStatus.SUCCEEDED, "only a SUCCEEDED execution has an output");
        require(error == null && cause == null || status.unsuccessful(), "only an unsuccessful execution has an error or cause");
        require((stopDate == null) == (status == ExecutionStatus.RUNNING), "an execution has a stop date exactly when it has ended");
        require(redriveCount >= 0 && redriveCount <= RedrivePolicy.REDRIVES_MAX,
                "its redrive count " + redriveCount + " is 0.." + RedrivePolicy.REDRIVES_MAX);
        require((redriveDate == null) == (redriveCount == 0), "it has a redrive date exactly when it was redriven");
        require(failedState != null || failedStateInput == null, "a failed state's input goes with a failed state");
    }

    /** @throws InvalidNameException when {@code name} breaks the rule above */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidNameException("Invalid Name: '" + name
                    + "': an execution name must be 1-80 characters of A-Z a-z 0-9 _ . - (not starting with '.')");
        }
    }

    /** A new execution, RUNNING since {@code now}. */
    public static Execution started(String name, String stateMachineName, String stateMachineArn, JsonNode input,
                                    String definition, Instant now) {
        return new Execution(name, StatesArns.executionArn(stateMachineArn, name), stateMachineName, stateMachineArn,
                ExecutionStatus.RUNNING, input, null, null, null, now, null, 0, null, null, null, definition);
    }

    public boolean running() {
        return status == ExecutionStatus.RUNNING;
    }

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    /** Ended with {@code output}. */
    public Execution succeededWith(JsonNode output, Instant now) {
        requireRunning("succeed");
        return new Execution(name, arn, stateMachineName, stateMachineArn, ExecutionStatus.SUCCEEDED, input, output, null, null,
                startDate, now, redriveCount, redriveDate, failedState, failedStateInput, definition);
    }

    /**
     * Ended FAILED or TIMED_OUT; {@code state} (null if it failed outside a state, and then the
     * previous failed state stays) is where a redrive resumes, with {@code stateInput}.
     */
    public Execution failedWith(ExecutionStatus failure, String error, String cause, String state, JsonNode stateInput,
                                Instant now) {
        requireRunning("fail");
        require(failure == ExecutionStatus.FAILED || failure == ExecutionStatus.TIMED_OUT, "a failure is FAILED or TIMED_OUT");
        return new Execution(name, arn, stateMachineName, stateMachineArn, failure, input, null, error, cause, startDate, now,
                redriveCount, redriveDate, state != null ? state : failedState, state != null ? stateInput : failedStateInput,
                definition);
    }

    /** Ended ABORTED before it ran (the local server stopped first). */
    public Execution abortedWith(String error, String cause, Instant now) {
        requireRunning("abort");
        return new Execution(name, arn, stateMachineName, stateMachineArn, ExecutionStatus.ABORTED, input, null, error, cause,
                startDate, now, redriveCount, redriveDate, failedState, failedStateInput, definition);
    }

    /**
     * Ended ABORTED while it ran, as StopExecution ends an execution from outside: here, the
     * process running it ended. {@code state} (null when it was between states) is the state it
     * was in, where a redrive resumes, with {@code stateInput}.
     */
    public Execution abortedAt(String error, String cause, String state, JsonNode stateInput, Instant now) {
        requireRunning("abort");
        return new Execution(name, arn, stateMachineName, stateMachineArn, ExecutionStatus.ABORTED, input, null, error, cause,
                startDate, now, redriveCount, redriveDate, state != null ? state : failedState,
                state != null ? stateInput : failedStateInput, definition);
    }

    /**
     * RUNNING again, one redrive more, at {@code now}; whether it may be is {@link RedrivePolicy}'s
     * to say, before.
     */
    public Execution redrivenAt(Instant now) {
        require(status.unsuccessful(), "only an unsuccessful execution is redriven (this one is " + status + ")");
        return new Execution(name, arn, stateMachineName, stateMachineArn, ExecutionStatus.RUNNING, input, null, null, null,
                startDate, null, redriveCount + 1, now, failedState, failedStateInput, definition);
    }

    /** The same execution under another state machine name and ARN (a record of an older format, migrated). */
    Execution movedTo(String newStateMachineName, String newStateMachineArn) {
        return new Execution(name, StatesArns.executionArn(newStateMachineArn, name), newStateMachineName, newStateMachineArn,
                status, input, output, error, cause, startDate, stopDate, redriveCount, redriveDate, failedState,
                failedStateInput, definition);
    }

    /** The result {@code workflow run} prints. */
    public ExecutionResult result() {
        return new ExecutionResult(name, arn, status.name(), output, error, cause);
    }

    private void requireRunning(String step) {
        require(running(), "only a RUNNING execution can " + step + " (" + name + " is " + status + ")");
    }

    private static void require(boolean invariant, String what) {
        if (!invariant) {
            throw new IllegalStateException("execution record invariant broken: " + what);
        }
    }
}
