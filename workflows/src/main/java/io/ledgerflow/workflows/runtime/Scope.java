package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * One execution as the interpreter sees it: its context object parts, its history, its
 * deadline, and (for the top level) where it failed, so it can be redriven from there.
 */
public final class Scope {

    private final ObjectNode execution; // $$.Execution
    private final ObjectNode stateMachine; // $$.StateMachine
    private final History history;
    private final Instant deadline; // null: no TimeoutSeconds
    private final String executionName;
    private final BooleanSupplier stopped; // true once Step Functions stopped this execution
    private volatile String failedState;
    private volatile JsonNode failedInput;
    private volatile String redriveMapState; // consumed by the first Distributed Map run after a redrive

    public Scope(String executionArn, String executionName, JsonNode input, Instant startTime, int redriveCount,
                 String stateMachineArn, String stateMachineName, History history, Instant deadline) {
        this(executionArn, executionName, input, startTime, redriveCount, stateMachineArn, stateMachineName, history,
                deadline, () -> false);
    }

    /** A child execution of a Distributed Map, stopped when {@code stopped} becomes true (its Map Run failed). */
    Scope(String executionArn, String executionName, JsonNode input, Instant startTime, int redriveCount,
          String stateMachineArn, String stateMachineName, History history, Instant deadline, BooleanSupplier stopped) {
        this.stopped = stopped;
        var f = JsonNodeFactory.instance;
        this.execution = f.objectNode().put("Id", executionArn).put("Name", executionName)
                .put("RoleArn", "arn:aws:iam::000000000000:role/ledgerflow-local")
                .put("StartTime", startTime.toString()).put("RedriveCount", redriveCount);
        this.execution.set("Input", input);
        this.stateMachine = f.objectNode().put("Id", stateMachineArn).put("Name", stateMachineName);
        this.history = history;
        this.deadline = deadline;
        this.executionName = executionName;
    }

    /** The context object as a state sees it; shares (never copies) the execution parts. */
    ObjectNode context(String stateName, Instant entered, int retryCount) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.set("Execution", execution);
        c.set("StateMachine", stateMachine);
        c.putObject("State").put("Name", stateName).put("EnteredTime", entered.toString()).put("RetryCount", retryCount);
        return c;
    }

    History history() {
        return history;
    }

    /** Whether the execution was stopped; a stopped execution enters no further state. */
    boolean stopped() {
        return stopped.getAsBoolean();
    }

    Instant deadline() {
        return deadline;
    }

    String executionName() {
        return executionName;
    }

    String executionArn() {
        return execution.get("Id").asText();
    }

    String stateMachineArn() {
        return stateMachine.get("Id").asText();
    }

    int redriveCount() {
        return execution.get("RedriveCount").asInt();
    }

    void failedAt(String state, JsonNode input) {
        if (failedState == null) {
            failedState = state;
            failedInput = input;
        }
    }

    public String failedState() {
        return failedState;
    }

    public JsonNode failedInput() {
        return failedInput;
    }

    void redriveMapState(String state) {
        this.redriveMapState = state;
    }

    /** True once, for the Distributed Map state the execution is being redriven at. */
    synchronized boolean takeRedrive(String state) {
        if (state.equals(redriveMapState)) {
            redriveMapState = null;
            return true;
        }
        return false;
    }
}
