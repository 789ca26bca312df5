package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.workflows.asl.AslParser;
import io.ledgerflow.workflows.asl.Definitions;
import io.ledgerflow.workflows.asl.StateMachine;
import io.ledgerflow.workflows.intrinsics.Intrinsics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The embedded Step Functions service: starts named executions (idempotent like StartExecution),
 * records them and their history under the home directory, and redrives failed ones.
 */
public final class WorkflowRuntime {

    /** AWS's limit on redrives of one execution. */
    static final int REDRIVES_MAX = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutionStore store;
    private final Engine engine;
    private final Interpreter interpreter;

    /**
     * @param home   executions are recorded under {@code home/executions}
     * @param random feeds States.UUID, States.MathRandom and retry jitter; concurrent children share
     *               it, so calls are serialized here (most RandomGenerators are not thread-safe)
     */
    public WorkflowRuntime(Path home, TaskInvoker tasks, ObjectStore objectStore, Sleeper sleeper, Clock clock,
                           RandomGenerator random) {
        this(home, tasks, objectStore, sleeper, clock, random, MapFailureMode.fromSystemProperty());
    }

    /**
     * As above, with the Distributed Map failure mode given instead of read from
     * {@value MapFailureMode#PROPERTY} (whose default is AWS's, {@link MapFailureMode#FAIL_AT_ONCE}).
     */
    public WorkflowRuntime(Path home, TaskInvoker tasks, ObjectStore objectStore, Sleeper sleeper, Clock clock,
                           RandomGenerator random, MapFailureMode mapFailure) {
        this.store = new ExecutionStore(home, clock);
        RandomGenerator shared = threadSafe(random);
        this.engine = new Engine(new Payloads(new Intrinsics(shared)), tasks, objectStore, store, sleeper, clock, shared,
                mapFailure);
        this.interpreter = new Interpreter(engine);
    }

    /**
     * Starts (and runs to the end) an execution of a definition already substituted and validated.
     * A name already used with the same input and definition returns the recorded result.
     *
     * @throws ExecutionAlreadyExistsException when the name was used with another input or definition
     */
    public ExecutionResult start(String stateMachineName, String definition, JsonNode given, String name) {
        // Compare and record the input as it reads back from the record (a BigDecimal 1.0 given by a
        // caller and the 1.0 read from JSON must be the same input for StartExecution's idempotency).
        JsonNode input = normalized(given);
        String executionName = name != null ? name : UUID.randomUUID().toString();
        ExecutionStore.checkName(executionName);
        var existing = store.load(executionName);
        if (existing.isPresent()) {
            return replay(existing.get(), definition, input);
        }
        StateMachine machine = AslParser.parse(Definitions.readValid(definition, Map.of()));
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("name", executionName)
                .put("stateMachineName", stateMachineName).put("status", "RUNNING")
                .put("startDate", engine.clock().instant().toString()).put("redriveCount", 0).put("definition", definition);
        record.set("input", input);
        store.save(executionName, record);
        return execute(machine, record, machine.startAt(), input, false);
    }

    private ExecutionResult replay(ObjectNode record, String definition, JsonNode input) {
        String name = record.get("name").asText();
        if (!record.get("input").equals(input) || !record.get("definition").asText().equals(definition)) {
            throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + name
                    + "' was started with a different input or definition");
        }
        if ("RUNNING".equals(record.get("status").asText())) {
            throw new ExecutionAlreadyExistsException("Execution '" + name + "' is recorded as RUNNING: another process "
                    + "runs it, or one died while running it");
        }
        return result(record);
    }

    /** Redrives a failed execution: resumes at the state that failed, with that state's input. */
    public ExecutionResult redrive(String name) {
        ObjectNode record = store.load(name)
                .orElseThrow(() -> new ExecutionNotRedrivableException("Execution Does Not Exist: '" + name + "'"));
        String status = record.get("status").asText();
        if (!status.equals("FAILED") && !status.equals("TIMED_OUT")) {
            throw new ExecutionNotRedrivableException("Execution '" + name + "' is " + status + "; only FAILED or TIMED_OUT executions can be redriven");
        }
        int redrives = record.get("redriveCount").asInt() + 1;
        if (redrives > REDRIVES_MAX || !record.hasNonNull("failedState")) {
            throw new ExecutionNotRedrivableException("Execution '" + name + "' cannot be redriven"
                    + (redrives > REDRIVES_MAX ? ": it was redriven " + REDRIVES_MAX + " times" : ": it failed before entering a state"));
        }
        StateMachine machine = AslParser.parse(Definitions.readValid(record.get("definition").asText(), Map.of()));
        record.put("status", "RUNNING").put("redriveCount", redrives).put("redriveDate", engine.clock().instant().toString());
        record.remove(java.util.List.of("error", "cause", "stopDate"));
        store.save(name, record);
        store.history(name).record("ExecutionRedriven", null, JsonNodeFactory.instance.objectNode().put("RedriveCount", redrives));
        return execute(machine, record, record.get("failedState").asText(), record.get("failedStateInput"), true);
    }

    private ExecutionResult execute(StateMachine machine, ObjectNode record, String startAt, JsonNode input, boolean redrive) {
        String name = record.get("name").asText();
        String smName = record.get("stateMachineName").asText();
        String smArn = "arn:aws:states:local:000000000000:stateMachine:" + smName;
        Instant now = engine.clock().instant();
        Instant deadline = machine.timeoutSeconds() == null ? null : now.plusSeconds(machine.timeoutSeconds());
        History history = store.history(name);
        Scope scope = new Scope(smArn.replace(":stateMachine:", ":execution:") + ":" + name, name, record.get("input"),
                Instant.parse(record.get("startDate").asText()), record.get("redriveCount").asInt(), smArn, smName, history, deadline);
        if (redrive) {
            scope.redriveMapState(startAt);
        } else {
            history.record("ExecutionStarted", null, input);
        }
        try {
            Payloads.checkSize(input, "(execution input)", "input");
            JsonNode output = interpreter.run(machine, startAt, input, scope, true);
            record.put("status", "SUCCEEDED").set("output", output);
            history.record("ExecutionSucceeded", null, output);
        } catch (StatesError e) {
            failed(record, scope, e.error(), e.cause());
        } catch (RuntimeException e) {
            // A bug here or in a handler adapter: the execution fails with a clear cause, never a stack trace.
            failed(record, scope, ErrorNames.RUNTIME, "internal error in the embedded runtime: " + e);
        }
        record.put("stopDate", engine.clock().instant().toString());
        store.save(name, record);
        return result(record);
    }

    private void failed(ObjectNode record, Scope scope, String error, String cause) {
        boolean timedOut = ErrorNames.TIMEOUT.equals(error) && cause != null && cause.startsWith(Interpreter.EXECUTION_TIMED_OUT);
        record.put("status", timedOut ? "TIMED_OUT" : "FAILED").put("error", error).put("cause", cause);
        if (scope.failedState() != null) {
            record.put("failedState", scope.failedState()).set("failedStateInput", scope.failedInput());
        }
        scope.history().record(timedOut ? "ExecutionTimedOut" : "ExecutionFailed", null,
                JsonNodeFactory.instance.objectNode().put("Error", error).put("Cause", cause));
    }

    private static ExecutionResult result(ObjectNode r) {
        String name = r.get("name").asText();
        String arn = "arn:aws:states:local:000000000000:execution:" + r.get("stateMachineName").asText() + ":" + name;
        return new ExecutionResult(name, arn, r.get("status").asText(), r.get("output"),
                r.path("error").asText(null), r.path("cause").asText(null));
    }

    /** Every other RandomGenerator method is derived from nextLong(), so locking it is enough. */
    private static RandomGenerator threadSafe(RandomGenerator random) {
        Object lock = new Object();
        return () -> {
            synchronized (lock) {
                return random.nextLong();
            }
        };
    }

    /** The input as it reads back from the execution record. */
    private static JsonNode normalized(JsonNode input) {
        try {
            return JSON.readTree(JSON.writeValueAsString(input));
        } catch (IOException e) {
            throw new IllegalArgumentException("execution input is not serializable JSON: " + e.getMessage(), e);
        }
    }

    /** Parses execution input text as StartExecution does; null or blank input is {}. */
    public static JsonNode parseInput(String text) throws IOException {
        return text == null || text.isBlank() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(text);
    }
}
