package io.ledgerflow.cli.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.lambdas.stepfunctions.StepFunctionsException;
import io.ledgerflow.workflows.runtime.ErrorNames;
import io.ledgerflow.workflows.runtime.ExecutionAlreadyExistsException;
import io.ledgerflow.workflows.runtime.ExecutionNotRedrivableException;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.ExecutionStore;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded runtime as a {@link Target}, in two modes:
 *
 * <ul>
 *   <li><b>synchronous</b> (the CLI's embedded default): {@code start} runs the execution to its end
 *       in this thread; a name used again with the same input returns the recorded execution
 *       (the embedded runtime's idempotency, see workflows/README.md);</li>
 *   <li><b>asynchronous</b> ({@code ledgerflow local serve}): {@code start} answers at once with a
 *       RUNNING execution and runs it on a bounded pool, with StartExecution's rules for names: the
 *       same name and input while RUNNING returns that execution, anything else is
 *       ExecutionAlreadyExists.</li>
 * </ul>
 *
 * Executions are the runtime's records under {@code home/executions}; ARNs are
 * {@code arn:aws:states:REGION:000000000000:execution:ledgerflow-SHORTNAME:NAME}.
 */
public final class EmbeddedTarget implements Target {

    /** The account in local ARNs: no account exists locally. */
    public static final String ACCOUNT = "000000000000";
    /** How many executions of the local server run at once; more wait their turn, shown as RUNNING. */
    public static final int EXECUTIONS_RUNNING_MAX = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final WorkflowRuntime runtime;
    private final ExecutionStore records;
    private final String region;
    private final Clock clock;
    private final Map<String, String> definitions;
    /** Null in the synchronous mode. */
    private final ExecutorService executor;
    private final PrintWriter log;
    /** Accepted executions and redrives that have not ended yet (their record may lag behind). */
    private final ConcurrentMap<String, ExecutionView> pending = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile boolean stopping;

    private EmbeddedTarget(Path home, WorkflowRuntime runtime, String region, Clock clock, ExecutorService executor,
                           PrintWriter log) {
        this.home = home;
        this.runtime = runtime;
        this.records = new ExecutionStore(home, clock);
        this.region = region;
        this.clock = clock;
        this.definitions = StateMachines.bundled();
        this.executor = executor;
        this.log = log;
    }

    /** The CLI's embedded default: each call runs to the end before it returns. */
    public static EmbeddedTarget synchronous(Path home, WorkflowRuntime runtime, String region) {
        return new EmbeddedTarget(home, runtime, region, Clock.systemUTC(), null, null);
    }

    /** The local server's: executions run in the background, at most {@link #EXECUTIONS_RUNNING_MAX} at once. */
    public static EmbeddedTarget asynchronous(Path home, WorkflowRuntime runtime, String region, PrintWriter log) {
        ExecutorService pool = Executors.newFixedThreadPool(EXECUTIONS_RUNNING_MAX,
                Thread.ofPlatform().name("ledgerflow-execution-", 1).daemon(true).factory());
        return new EmbeddedTarget(home, runtime, region, Clock.systemUTC(), pool, log);
    }

    public String region() {
        return region;
    }

    /** The short names of the state machines this target runs, and their definitions. */
    public Map<String, String> definitions() {
        return definitions;
    }

    public String stateMachineArn(String shortName) {
        return StateMachines.stateMachineArn(region, ACCOUNT, shortName);
    }

    @Override
    public ExecutionView start(String stateMachine, String name, JsonNode given) {
        String definition = definition(stateMachine);
        checkName(name);
        JsonNode input = normalized(given);
        if (executor == null) {
            try {
                runtime.start(stateMachine, definition, input, name);
            } catch (ExecutionAlreadyExistsException e) {
                throw new StepFunctionsException.ExecutionAlreadyExists(e.getMessage());
            }
            return view(name).orElseThrow();
        }
        ExecutionView accepted;
        synchronized (lock) {
            if (stopping) {
                throw new StepFunctionsException.ServiceError("ServiceUnavailable", "the local server is stopping");
            }
            Optional<ExecutionView> existing = view(name);
            if (existing.isPresent()) {
                ExecutionView e = existing.get();
                if (e.running() && e.stateMachineArn().equals(stateMachineArn(stateMachine)) && e.input().equals(input)) {
                    return e; // StartExecution: same name and input while running is the same execution
                }
                throw new StepFunctionsException.ExecutionAlreadyExists("Execution Already Exists: '" + e.executionArn() + "'");
            }
            String smArn = stateMachineArn(stateMachine);
            accepted = new ExecutionView(StateMachines.executionArn(smArn, name), smArn, name, "RUNNING", input, null, null,
                    null, clock.instant(), null, 0, null);
            pending.put(name, accepted);
        }
        executor.execute(() -> runInBackground(stateMachine, definition, input, name, accepted));
        return accepted;
    }

    private void runInBackground(String stateMachine, String definition, JsonNode input, String name, ExecutionView accepted) {
        try {
            if (stopping) {
                recordAborted(stateMachine, definition, accepted);
                return;
            }
            ExecutionResult result = runtime.start(stateMachine, definition, input, name);
            log("execution " + name + ": " + result.status() + (result.succeeded() ? "" : " " + result.error()));
        } catch (RuntimeException e) {
            log("execution " + name + ": could not run: " + e);
            if (records.load(name).isEmpty()) {
                recordFailed(stateMachine, definition, accepted, "internal error in the local server: " + e);
            }
        } finally {
            pending.remove(name);
        }
    }

    @Override
    public ExecutionView describe(String executionArn) {
        ArnParts arn = ArnParts.parse(executionArn);
        return view(arn.name()).filter(v -> v.stateMachineArn().endsWith(":" + StateMachines.deployedName(arn.stateMachine())))
                .orElseThrow(() -> new StepFunctionsException.ExecutionDoesNotExist("Execution Does Not Exist: '" + executionArn + "'"));
    }

    @Override
    public ExecutionView redrive(String executionArn) {
        ExecutionView current = describe(executionArn);
        String name = current.name();
        if (executor == null) {
            try {
                runtime.redrive(name);
            } catch (ExecutionNotRedrivableException e) {
                throw new StepFunctionsException.ExecutionNotRedrivable(e.getMessage());
            }
            return view(name).orElseThrow();
        }
        ExecutionView accepted;
        synchronized (lock) {
            current = describe(executionArn);
            ObjectNode record = records.load(name).orElse(null);
            if (pending.containsKey(name) || record == null || current.running()) {
                throw new StepFunctionsException.ExecutionNotRedrivable("Execution is RUNNING and cannot be redriven");
            }
            if (!current.status().equals("FAILED") && !current.status().equals("TIMED_OUT")) {
                throw new StepFunctionsException.ExecutionNotRedrivable("Execution is " + current.status() + " and cannot be redriven");
            }
            if (!record.hasNonNull("failedState")) {
                throw new StepFunctionsException.ExecutionNotRedrivable("Execution '" + name + "' failed before entering a state");
            }
            accepted = new ExecutionView(current.executionArn(), current.stateMachineArn(), name, "RUNNING", current.input(),
                    null, null, null, current.startDate(), null, current.redriveCount() + 1, clock.instant());
            pending.put(name, accepted);
        }
        executor.execute(() -> {
            try {
                ExecutionResult result = runtime.redrive(name);
                log("execution " + name + " (redriven): " + result.status() + (result.succeeded() ? "" : " " + result.error()));
            } catch (RuntimeException e) {
                log("execution " + name + ": could not redrive: " + e);
            } finally {
                pending.remove(name);
            }
        });
        return accepted;
    }

    @Override
    public String executionArn(String stateMachine, String name) {
        return StateMachines.executionArn(stateMachineArn(stateMachine), name);
    }

    @Override
    public List<ExecutionView> list(String stateMachine, String nameContains, int max) {
        Set<String> names = new HashSet<>(pending.keySet());
        Path dir = home.resolve("executions");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(p -> Files.isRegularFile(p.resolve("execution.json")))
                        .forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        String smArn = stateMachineArn(stateMachine);
        List<ExecutionView> found = new ArrayList<>();
        for (String name : names) {
            if (name.contains(nameContains)) {
                view(name).filter(v -> v.stateMachineArn().equals(smArn)).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing(ExecutionView::startDate).reversed().thenComparing(ExecutionView::name));
        return found.subList(0, Math.min(max, found.size()));
    }

    @Override
    public String describeSelf() {
        return "embedded (home " + home + ")";
    }

    /**
     * Synchronous: nothing to do. Asynchronous: refuses new executions, lets running ones finish
     * for up to {@code drain}, and records the ones still queued as ABORTED.
     */
    public void close(Duration drain) {
        if (executor == null) {
            return;
        }
        synchronized (lock) {
            stopping = true;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                log("stopping: executions still running after " + drain.toSeconds() + " s stay recorded as RUNNING: "
                        + pending.keySet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofMinutes(5));
    }

    private String definition(String stateMachine) {
        String definition = definitions.get(stateMachine);
        if (definition == null) {
            throw new StepFunctionsException.StateMachineDoesNotExist("State Machine Does Not Exist: '" + stateMachine
                    + "' (here: " + definitions.keySet() + ")");
        }
        return definition;
    }

    private Optional<ExecutionView> view(String name) {
        ExecutionView running = pending.get(name);
        return running != null ? Optional.of(running) : records.load(name).map(this::toView);
    }

    private ExecutionView toView(ObjectNode r) {
        String smArn = stateMachineArn(r.get("stateMachineName").asText());
        String name = r.get("name").asText();
        String status = r.get("status").asText();
        return new ExecutionView(StateMachines.executionArn(smArn, name), smArn, name, status, r.get("input"),
                "SUCCEEDED".equals(status) ? r.get("output") : null, text(r, "error"), text(r, "cause"),
                Instant.parse(r.get("startDate").asText()), r.hasNonNull("stopDate") ? Instant.parse(r.get("stopDate").asText()) : null,
                r.path("redriveCount").asInt(0), r.hasNonNull("redriveDate") ? Instant.parse(r.get("redriveDate").asText()) : null);
    }

    private void recordAborted(String stateMachine, String definition, ExecutionView accepted) {
        ObjectNode record = record(stateMachine, definition, accepted, "ABORTED");
        record.put("error", "ledgerflow.ServerStopped").put("cause", "the local server stopped before the execution began");
        records.save(accepted.name(), record);
        log("execution " + accepted.name() + ": ABORTED (the server stopped before it began)");
    }

    private void recordFailed(String stateMachine, String definition, ExecutionView accepted, String cause) {
        ObjectNode record = record(stateMachine, definition, accepted, "FAILED");
        record.put("error", ErrorNames.RUNTIME).put("cause", cause);
        records.save(accepted.name(), record);
    }

    private ObjectNode record(String stateMachine, String definition, ExecutionView accepted, String status) {
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("name", accepted.name())
                .put("stateMachineName", stateMachine).put("status", status)
                .put("startDate", accepted.startDate().toString()).put("stopDate", clock.instant().toString())
                .put("redriveCount", 0).put("definition", definition);
        record.set("input", accepted.input());
        return record;
    }

    private void log(String line) {
        if (log != null) {
            log.println(clock.instant() + " " + line);
            log.flush();
        }
    }

    private static String text(ObjectNode r, String field) {
        return r.hasNonNull(field) ? r.get(field).asText() : null;
    }

    private static void checkName(String name) {
        try {
            ExecutionStore.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new StepFunctionsException.InvalidName(e.getMessage());
        }
    }

    private static JsonNode normalized(JsonNode input) {
        try {
            return JSON.readTree(JSON.writeValueAsString(input));
        } catch (IOException e) {
            throw new StepFunctionsException.InvalidExecutionInput("execution input is not serializable JSON: " + e.getMessage());
        }
    }

    /** {@code arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME}; the state machine by its short name. */
    record ArnParts(String stateMachine, String name) {
        static ArnParts parse(String arn) {
            String[] parts = arn == null ? new String[0] : arn.split(":", -1);
            if (parts.length != 8 || !parts[0].equals("arn") || !parts[2].equals("states") || !parts[5].equals("execution")) {
                throw new StepFunctionsException.InvalidArn("Invalid Arn: '" + arn + "' is not an execution ARN "
                        + "(arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME)");
            }
            return new ArnParts(StateMachines.shortName(parts[6]).orElse(parts[6]), parts[7]);
        }
    }
}
