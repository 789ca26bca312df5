package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * The embedded Step Functions runtime: runs executions of ASL definitions and records them
 * ({@link Execution}) and their history under the home directory. {@link #start} and
 * {@link #redrive} run one in the caller's thread, with the embedded default's name rule
 * ({@link NameReuse#REPLAY}); {@link LocalStepFunctions}, the local service, builds StartExecution
 * and RedriveExecution (both modes, AWS's name rule) on the steps underneath: {@link #accept},
 * {@link #run}, {@link #acceptRedrive}, {@link #resume}.
 */
public final class WorkflowRuntime {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
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
        this.home = home;
        this.store = new ExecutionStore(home, clock);
        RandomGenerator shared = threadSafe(random);
        this.engine = new Engine(new Payloads(new Intrinsics(shared)), tasks, objectStore, store, sleeper, clock, shared,
                mapFailure);
        this.interpreter = new Interpreter(engine);
    }

    public Path home() {
        return home;
    }

    ExecutionStore store() {
        return store;
    }

    Clock clock() {
        return engine.clock();
    }

    /**
     * Starts (and runs to the end) an execution of a definition already substituted and validated,
     * of the state machine {@code stateMachineName} addressed in {@link StatesArns#LOCAL}. A name
     * already used with the same input and definition returns the recorded result ({@link NameReuse#REPLAY}).
     *
     * @param name null for a random one
     * @throws ExecutionAlreadyExistsException when the name was used with another input or definition
     * @throws InvalidNameException            when the name breaks {@link Execution#checkName}
     */
    public ExecutionResult start(String stateMachineName, String definition, JsonNode given, String name) {
        String executionName = name != null ? name : UUID.randomUUID().toString();
        Start start = accept(stateMachineName, StatesArns.LOCAL.stateMachineArn(stateMachineName), definition, given,
                executionName, NameReuse.REPLAY, Map.of());
        return (start.accepted() ? run(start.execution()) : start.execution()).result();
    }

    /**
     * Redrives a failed execution by name, in this thread: resumes at the state that failed, with
     * that state's input ({@link RedrivePolicy}).
     *
     * @throws ExecutionNotRedrivableException when there is no such execution or the policy refuses it
     */
    public ExecutionResult redrive(String name) {
        Execution recorded = store.load(name)
                .orElseThrow(() -> new ExecutionNotRedrivableException("Execution Does Not Exist: '" + name + "'"));
        return resume(acceptRedrive(recorded)).result();
    }

    /** What StartExecution found: an execution that holds the name, or ({@code accepted}) a new one, RUNNING. */
    record Start(Execution execution, boolean accepted) {}

    /**
     * StartExecution's bookkeeping: applies the name rules ({@link Execution#checkName}, then
     * {@code reuse} when the name is taken) and records a new execution as RUNNING. Not thread-safe
     * for one name: the caller serializes starts.
     *
     * @param formerNames as {@link ExecutionStore#load(String, Map)} reads an existing record
     */
    Start accept(String stateMachineName, String stateMachineArn, String definition, JsonNode given, String name,
                 NameReuse reuse, Map<String, String> formerNames) {
        Execution.checkName(name);
        // Compare and record the input as it reads back from the record (a BigDecimal 1.0 given by a
        // caller and the 1.0 read from JSON must be the same input for StartExecution's idempotency).
        JsonNode input = normalized(given);
        var existing = store.load(name, formerNames);
        if (existing.isPresent()) {
            return new Start(reuse.reuse(existing.get(), stateMachineArn, input, definition), false);
        }
        parse(definition); // an invalid definition is refused before anything is recorded
        Execution accepted = Execution.started(name, stateMachineName, stateMachineArn, input, definition, clock().instant());
        store.save(accepted);
        return new Start(accepted, true);
    }

    /** Runs an accepted execution from its StartAt to its end in this thread; records and returns how it ended. */
    Execution run(Execution accepted) {
        StateMachine machine = parse(accepted.definition());
        return execute(machine, accepted, machine.startAt(), accepted.input(), false);
    }

    /**
     * RedriveExecution's bookkeeping: checks {@link RedrivePolicy} and records the execution as
     * RUNNING again, one redrive more. Not thread-safe for one name: the caller serializes redrives.
     *
     * @throws ExecutionNotRedrivableException when the policy refuses it
     */
    Execution acceptRedrive(Execution recorded) {
        Instant now = clock().instant();
        RedrivePolicy.check(recorded, now);
        Execution redriven = recorded.redrivenAt(now);
        store.save(redriven);
        store.history(redriven.name()).record("ExecutionRedriven", null,
                JsonNodeFactory.instance.objectNode().put("RedriveCount", redriven.redriveCount()));
        return redriven;
    }

    /**
     * Runs a redriven execution in this thread: from the state that failed, with that state's input,
     * or from its StartAt with the execution's input when it ended before entering a state.
     */
    Execution resume(Execution redriven) {
        StateMachine machine = parse(redriven.definition());
        return redriven.failedState() != null
                ? execute(machine, redriven, redriven.failedState(), redriven.failedStateInput(), true)
                : execute(machine, redriven, machine.startAt(), redriven.input(), true);
    }

    private Execution execute(StateMachine machine, Execution running, String startAt, JsonNode input, boolean redrive) {
        Instant now = clock().instant();
        Instant deadline = machine.timeoutSeconds() == null ? null : now.plusSeconds(machine.timeoutSeconds());
        History history = store.history(running.name());
        Scope scope = new Scope(running.arn(), running.name(), running.input(), running.startDate(), running.redriveCount(),
                running.stateMachineArn(), running.stateMachineName(), history, deadline);
        if (redrive) {
            scope.redriveMapState(startAt);
        } else {
            history.record("ExecutionStarted", null, input);
        }
        Execution ended;
        try {
            Payloads.checkSize(input, "(execution input)", "input");
            JsonNode output = interpreter.run(machine, startAt, input, scope, true);
            history.record("ExecutionSucceeded", null, output);
            ended = running.succeededWith(output, clock().instant());
        } catch (StatesError e) {
            ended = failed(running, scope, e.error(), e.cause());
        } catch (RuntimeException e) {
            // A bug here or in a handler adapter: the execution fails with a clear cause, never a stack trace.
            ended = failed(running, scope, ErrorNames.RUNTIME, "internal error in the embedded runtime: " + e);
        }
        store.save(ended);
        return ended;
    }

    private Execution failed(Execution running, Scope scope, String error, String cause) {
        boolean timedOut = ErrorNames.TIMEOUT.equals(error) && cause != null && cause.startsWith(Interpreter.EXECUTION_TIMED_OUT);
        scope.history().record(timedOut ? "ExecutionTimedOut" : "ExecutionFailed", null,
                JsonNodeFactory.instance.objectNode().put("Error", error).put("Cause", cause));
        return running.failedWith(timedOut ? ExecutionStatus.TIMED_OUT : ExecutionStatus.FAILED, error, cause,
                scope.failedState(), scope.failedInput(), clock().instant());
    }

    private static StateMachine parse(String definition) {
        return AslParser.parse(Definitions.readValid(definition, Map.of()));
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
    static JsonNode normalized(JsonNode input) {
        try {
            return JSON.readTree(JSON.writeValueAsString(input));
        } catch (IOException e) {
            throw new InvalidExecutionInputException("execution input is not serializable JSON: " + e.getMessage());
        }
    }

    /** Parses execution input text as StartExecution does; null or blank input is {}. */
    public static JsonNode parseInput(String text) throws IOException {
        return text == null || text.isBlank() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(text);
    }
}
