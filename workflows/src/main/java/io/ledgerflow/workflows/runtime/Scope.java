package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One execution as the interpreter sees it: its context object parts, its history, its
 * deadline, and (for the top level) where it failed, so it can be redriven from there.
 */
public final class Scope {

    private final ObjectNode execution; // $$.Execution
    private final ObjectNode stateMachine; // $$.StateMachine
    private final History history;
    private final History historyTarget;
    private final AtomicLong eventIds; // the id of the last event recorded, as AWS numbers history events
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
        this.eventIds = new AtomicLong(redriveCount == 0 ? 1 : 0); // the runtime records ExecutionStarted (#1) itself
        this.history = (type, state, details) -> record(type, state, details);
        this.historyTarget = history;
        this.deadline = deadline;
        this.executionName = executionName;
    }

    /**
     * The context object as a state sees it; shares (never copies) the execution parts.
     * {@code retryCount} is null for states that cannot retry: AWS gives them no State.RetryCount.
     */
    ObjectNode context(String stateName, Instant entered, Integer retryCount) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.set("Execution", execution);
        c.set("StateMachine", stateMachine);
        ObjectNode state = c.putObject("State").put("Name", stateName).put("EnteredTime", entered.toString());
        if (retryCount != null) {
            state.put("RetryCount", retryCount);
        }
        return c;
    }

    /** Every event recorded through the scope gets the next event id. */
    History history() {
        return history;
    }

    /** Records an event and returns its id (cause texts name the id of the state's entered event). */
    long record(String type, String state, JsonNode details) {
        long id = eventIds.incrementAndGet();
        historyTarget.record(type, state, details);
        return id;
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
