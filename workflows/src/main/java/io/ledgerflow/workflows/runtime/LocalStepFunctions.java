package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The local Step Functions service: StartExecution, DescribeExecution, RedriveExecution and
 * ListExecutions over the embedded runtime, for the state machines of the embedded stack. The
 * CLI's embedded target and {@code ledgerflow local serve} both use it; they only choose a mode:
 *
 * <ul>
 *   <li><b>synchronous</b> (the CLI's embedded default): a start or redrive runs to its end in the
 *       caller's thread; a name used again with the same input returns the recorded execution
 *       ({@link NameReuse#REPLAY});</li>
 *   <li><b>asynchronous</b> (the local server): a start or redrive answers at once with the RUNNING
 *       execution, recorded, and runs it on a pool of {@link #EXECUTIONS_RUNNING_MAX} threads, with
 *       AWS's name rule ({@link NameReuse#AWS}).</li>
 * </ul>
 *
 * Executions are the runtime's records ({@link Execution}, {@link ExecutionStore}); ARNs follow
 * {@link StatesArns}; redrive follows {@link RedrivePolicy}. Refusals are
 * {@link LocalServiceException}s named for AWS's errors.
 */
public final class LocalStepFunctions implements AutoCloseable {

    /** How many executions of the asynchronous mode run at once; more wait their turn, shown as RUNNING. */
    public static final int EXECUTIONS_RUNNING_MAX = 4;
    /** The error of an execution the local server accepted but stopped before it began. */
    public static final String SERVER_STOPPED = "ledgerflow.ServerStopped";

    private final WorkflowRuntime runtime;
    private final ExecutionStore store;
    private final Map<String, LocalStateMachine> machines;
    private final Map<String, String> formerNames;
    private final NameReuse nameReuse;
    /** Null in the synchronous mode. */
    private final ExecutorService executor;
    private final Consumer<String> log;
    private final Object lock = new Object();
    private boolean stopping; // guarded by lock

    private LocalStepFunctions(WorkflowRuntime runtime, List<LocalStateMachine> machines, Map<String, String> formerNames,
                               NameReuse nameReuse, ExecutorService executor, Consumer<String> log) {
        this.runtime = runtime;
        this.store = runtime.store();
        Map<String, LocalStateMachine> byArn = new LinkedHashMap<>();
        machines.forEach(m -> byArn.put(m.arn(), m));
        this.machines = byArn;
        this.formerNames = Map.copyOf(formerNames);
        this.nameReuse = nameReuse;
        this.executor = executor;
        this.log = log;
    }

    /**
     * Each call runs to the end before it returns.
     *
     * @param formerNames state machine names that records of an older form carry (the CLI wrote
     *                    "daily-journal"), to the ARN of the state machine they now belong to
     */
    public static LocalStepFunctions synchronous(WorkflowRuntime runtime, List<LocalStateMachine> machines,
                                                 Map<String, String> formerNames) {
        return new LocalStepFunctions(runtime, machines, formerNames, NameReuse.REPLAY, null, line -> { });
    }

    /**
     * Executions run in the background, at most {@link #EXECUTIONS_RUNNING_MAX} at once.
     *
     * @param log one line per execution that ends, and internal errors
     */
    public static LocalStepFunctions asynchronous(WorkflowRuntime runtime, List<LocalStateMachine> machines,
                                                  Map<String, String> formerNames, Consumer<String> log) {
        ExecutorService pool = Executors.newFixedThreadPool(EXECUTIONS_RUNNING_MAX,
                Thread.ofPlatform().name("ledgerflow-execution-", 1).daemon(true).factory());
        return new LocalStepFunctions(runtime, machines, formerNames, NameReuse.AWS, pool, log);
    }

    public boolean synchronous() {
        return executor == null;
    }

    public WorkflowRuntime runtime() {
        return runtime;
    }

    /** The state machines served, in the stack's order. */
    public List<LocalStateMachine> stateMachines() {
        return List.copyOf(machines.values());
    }

    /**
     * @throws InvalidArnException               when {@code arn} is not a state machine ARN
     * @throws StateMachineDoesNotExistException when no state machine served has that ARN
     */
    public LocalStateMachine stateMachine(String arn) {
        StatesArns.parseStateMachine(arn);
        LocalStateMachine machine = machines.get(arn);
        if (machine == null) {
            throw new StateMachineDoesNotExistException("State Machine Does Not Exist: '" + arn + "' (served here: "
                    + machines.keySet() + ")");
        }
        return machine;
    }

    /**
     * StartExecution: the execution as it is once accepted (asynchronous: RUNNING) or once ended
     * (synchronous), or the execution that already holds the name ({@link NameReuse}).
     *
     * @throws ExecutionAlreadyExistsException when the name is taken
     * @throws InvalidNameException            when the name breaks the naming rule
     * @throws ServiceStoppingException        when the local server is stopping
     */
    public Execution startExecution(String stateMachineArn, String name, JsonNode input) {
        LocalStateMachine machine = stateMachine(stateMachineArn);
        WorkflowRuntime.Start start;
        synchronized (lock) {
            refuseWhenStopping();
            start = runtime.accept(machine.name(), machine.arn(), machine.definition(), input, name, nameReuse, formerNames);
            if (start.accepted() && !synchronous()) {
                // Under the lock: close() cannot shut the pool down between the record and its run.
                executor.execute(() -> inBackground(start.execution(), false));
            }
        }
        return start.accepted() && synchronous() ? runtime.run(start.execution()) : start.execution();
    }

    /**
     * DescribeExecution.
     *
     * @throws InvalidArnException            when {@code executionArn} is not an execution ARN
     * @throws ExecutionDoesNotExistException when no execution has that ARN
     */
    public Execution describeExecution(String executionArn) {
        StatesArns.ExecutionArn arn = StatesArns.parseExecution(executionArn);
        return load(arn.executionName()).filter(e -> e.arn().equals(executionArn))
                .orElseThrow(() -> new ExecutionDoesNotExistException("Execution Does Not Exist: '" + executionArn + "'"));
    }

    /**
     * RedriveExecution: the execution as it is once the redrive is accepted (asynchronous: RUNNING)
     * or once it ended again (synchronous).
     *
     * @throws ExecutionDoesNotExistException  when no execution has that ARN
     * @throws ExecutionNotRedrivableException when {@link RedrivePolicy} refuses it
     */
    public Execution redriveExecution(String executionArn) {
        Execution redriven;
        synchronized (lock) {
            refuseWhenStopping();
            redriven = runtime.acceptRedrive(describeExecution(executionArn));
            if (!synchronous()) {
                Execution accepted = redriven;
                executor.execute(() -> inBackground(accepted, true));
            }
        }
        return synchronous() ? runtime.resume(redriven) : redriven;
    }

    /** ListExecutions: the executions of a state machine served, newest first (by start date, then name). */
    public List<Execution> listExecutions(String stateMachineArn) {
        LocalStateMachine machine = stateMachine(stateMachineArn);
        return store.names().stream().map(this::load).flatMap(Optional::stream)
                .filter(e -> e.stateMachineArn().equals(machine.arn()))
                .sorted(Comparator.comparing(Execution::startDate).reversed().thenComparing(Execution::name))
                .toList();
    }

    /**
     * ListMapRuns: the Distributed Map runs the execution started, each as its record holds it
     * ({@code MapRunArn}, and its {@code Children} with status, error and cause).
     *
     * @throws ExecutionDoesNotExistException when no execution has that ARN
     */
    public List<JsonNode> mapRuns(String executionArn) {
        return store.mapRuns(describeExecution(executionArn).name());
    }

    /**
     * ListExecutions of a map run: its child executions, in order; empty when no execution served
     * here started a map run of that ARN.
     */
    public List<MapChild> mapRunChildren(String mapRunArn) {
        for (String name : store.names()) {
            for (JsonNode run : store.mapRuns(name)) {
                if (mapRunArn.equals(run.path("MapRunArn").asText())) {
                    Execution parent = load(name).orElseThrow();
                    List<MapChild> children = new java.util.ArrayList<>();
                    JsonNode list = run.path("Children");
                    for (int i = 0; i < list.size(); i++) {
                        JsonNode c = list.get(i);
                        children.add(new MapChild(MapChild.arn(mapRunArn, i), mapRunArn, i, c.path("Status").asText(),
                                c.path("Error").asText(null), c.path("Cause").asText(null), parent));
                    }
                    return children;
                }
            }
        }
        return List.of();
    }

    /** DescribeExecution of a map run's child execution, by its ARN ({@link MapChild#arn}). */
    public Optional<MapChild> mapRunChild(String childExecutionArn) {
        int last = childExecutionArn.lastIndexOf(':');
        if (last < 0 || !childExecutionArn.contains(":execution:")) {
            return Optional.empty();
        }
        String mapRunArn = childExecutionArn.substring(0, last).replaceFirst(":execution:", ":mapRun:");
        return mapRunChildren(mapRunArn).stream().filter(c -> c.executionArn().equals(childExecutionArn)).findFirst();
    }

    /**
     * The failed child executions of the execution's map runs, at most {@code max}: what
     * ListMapRuns, ListExecutions of each map run with {@code statusFilter} FAILED, and
     * DescribeExecution of each child give on AWS (a map run that crossed its tolerated failure
     * threshold reports only that; its children say why).
     *
     * @throws ExecutionDoesNotExistException when no execution has that ARN
     */
    public List<MapChild> failedMapChildren(String executionArn, int max) {
        return mapRuns(executionArn).stream().flatMap(run -> mapRunChildren(run.path("MapRunArn").asText()).stream())
                .filter(c -> ChildResult.FAILED.equals(c.status())).limit(max).toList();
    }

    /**
     * A map run's child execution: its ARN (the map run's, as an execution ARN, and its index, as
     * the ResultWriter's files name it), status, error and cause, and the execution that ran it.
     */
    public record MapChild(String executionArn, String mapRunArn, int index, String status, String error, String cause,
                           Execution parent) {
        static String arn(String mapRunArn, int index) {
            return mapRunArn.replaceFirst(":mapRun:", ":execution:") + ":" + index;
        }

        /** The child's state machine as AWS names it: the parent's and the Map's label. */
        public String stateMachineArn() {
            String run = mapRunArn.substring(0, mapRunArn.lastIndexOf(':'));
            return run.replaceFirst(":mapRun:", ":stateMachine:");
        }
    }

    /** Empty when {@code e} can be redriven now; else why not ({@link RedrivePolicy}). */
    public Optional<String> notRedrivableReason(Execution e) {
        return RedrivePolicy.notRedrivableReason(e, runtime.clock().instant());
    }

    /**
     * Synchronous: nothing to do. Asynchronous: refuses new executions and redrives, lets running
     * ones finish for up to {@code drain}, and records the ones still queued as ABORTED (error
     * {@value #SERVER_STOPPED}); one still running after that stays recorded as RUNNING.
     */
    public void close(Duration drain) {
        if (synchronous()) {
            return;
        }
        synchronized (lock) {
            stopping = true;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                log.accept("stopping: executions still running after " + drain.toSeconds() + " s stay recorded as RUNNING");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofMinutes(5));
    }

    private void inBackground(Execution accepted, boolean redrive) {
        String name = accepted.name();
        try {
            if (stopping()) {
                store.save(accepted.abortedWith(SERVER_STOPPED, "the local server stopped before the execution began",
                        runtime.clock().instant()));
                log.accept("execution " + name + ": ABORTED (the server stopped before it began)");
                return;
            }
            Execution ended = redrive ? runtime.resume(accepted) : runtime.run(accepted);
            log.accept("execution " + name + (redrive ? " (redriven)" : "") + ": " + ended.status()
                    + (ended.succeeded() ? "" : " " + ended.error()));
        } catch (RuntimeException e) {
            log.accept("execution " + name + ": could not run: " + e);
            store.load(name).filter(Execution::running).ifPresent(running -> store.save(running.failedWith(
                    ExecutionStatus.FAILED, ErrorNames.RUNTIME, "internal error in the local server: " + e, null, null,
                    runtime.clock().instant())));
        }
    }

    private boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    private void refuseWhenStopping() {
        if (stopping) {
            throw new ServiceStoppingException("the local server is stopping");
        }
    }

    /** The record of {@code name}; one of an older form is read under its state machine's current name. */
    private Optional<Execution> load(String name) {
        return store.load(name, formerNames);
    }
}
