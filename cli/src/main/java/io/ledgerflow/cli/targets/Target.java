package io.ledgerflow.cli.targets;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
import java.util.List;

/**
 * Where a workflow runs: the embedded runtime on this machine ({@link EmbeddedTarget}) or AWS Step
 * Functions ({@link AwsTarget}, also any endpoint that speaks its protocol, such as
 * {@code ledgerflow local serve}). State machines are named by their short name
 * ({@code daily-journal}, {@code monthly-close}); each target knows where they live.
 */
public interface Target extends AutoCloseable {

    /**
     * Starts an execution named {@code name}, as StartExecution does. The embedded target runs it
     * to the end before returning; AWS returns at once with a RUNNING execution.
     *
     * @throws StepFunctionsException.ExecutionAlreadyExists when the name is taken (AWS: closed, or another input)
     * @throws StepFunctionsException.StateMachineDoesNotExist when this target has no such state machine
     */
    ExecutionView start(String stateMachine, String name, JsonNode input);

    /** @throws StepFunctionsException.ExecutionDoesNotExist when there is no such execution */
    ExecutionView describe(String executionArn);

    /**
     * Redrives a failed execution from the state that failed (RedriveExecution); returns it as
     * described right after (embedded: once it has ended again).
     *
     * @throws StepFunctionsException.ExecutionNotRedrivable when it did not fail, or cannot be redriven
     */
    ExecutionView redrive(String executionArn);

    /** The ARN an execution of {@code stateMachine} named {@code name} has (or would have). */
    String executionArn(String stateMachine, String name);

    /** The newest executions of {@code stateMachine} whose name contains {@code nameContains}, at most {@code max}. */
    List<ExecutionView> list(String stateMachine, String nameContains, int max);

    /**
     * The failed child executions of the execution's Distributed Map runs, at most {@code max}, each
     * with its error and cause: why a map run crossed its tolerated failure threshold (its own error,
     * {@code States.ExceedToleratedFailureThreshold}, does not say). Empty when there are none or the
     * endpoint cannot list them.
     */
    List<ChildFailure> failedMapChildren(String executionArn, int max);

    /** A failed child execution of a map run: its error name and cause, as DescribeExecution gives them. */
    record ChildFailure(String error, String cause) {}

    /** A short label for messages: "embedded (home …)" or "aws (endpoint …)". */
    String describeSelf();

    @Override
    void close();
}
