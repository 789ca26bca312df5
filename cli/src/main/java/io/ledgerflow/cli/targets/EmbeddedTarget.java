package io.ledgerflow.cli.targets;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
import io.ledgerflow.workflows.runtime.Execution;
import io.ledgerflow.workflows.runtime.LocalServiceException;
import io.ledgerflow.workflows.runtime.LocalStepFunctions;
import io.ledgerflow.workflows.runtime.StatesArns;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The local Step Functions service ({@link LocalStepFunctions}, in {@code workflows}) as a
 * {@link Target}. This class only chooses its mode, and speaks the CLI's terms (state machines by
 * short name, {@link ExecutionView}, {@link StepFunctionsException}):
 *
 * <ul>
 *   <li>{@link #synchronous} (the CLI's embedded default): {@code start} and {@code redrive} run to
 *       the end in this thread; a name used again with the same input returns the recorded
 *       execution;</li>
 *   <li>{@link #asynchronous} ({@code ledgerflow local serve}): they answer at once with a RUNNING
 *       execution, with StartExecution's rules for names.</li>
 * </ul>
 *
 * Executions, their statuses, ARNs ({@code arn:aws:states:REGION:000000000000:execution:ledgerflow-daily-journal:NAME})
 * and redrive rules are the service's.
 */
public final class EmbeddedTarget implements Target {

    /** The account in local ARNs: no account exists locally. */
    public static final String ACCOUNT = StatesArns.ACCOUNT;

    private final LocalStepFunctions service;
    private final String region;
    private final Map<String, String> definitions;

    private EmbeddedTarget(LocalStepFunctions service, String region, Map<String, String> definitions) {
        this.service = service;
        this.region = region;
        this.definitions = definitions;
    }

    /** The CLI's embedded default: each call runs to the end before it returns; ARNs in the embedded stack's region. */
    public static EmbeddedTarget synchronous(WorkflowRuntime runtime) {
        String region = LocalLedger.REGION;
        return new EmbeddedTarget(LocalStepFunctions.synchronous(runtime, StateMachines.local(region), formerNames(region)),
                region, StateMachines.bundled());
    }

    /**
     * The local server's: executions run in the background, at most
     * {@value LocalStepFunctions#EXECUTIONS_RUNNING_MAX} at once; ARNs in {@code region}.
     *
     * @param log one line per execution that ends, and internal errors
     */
    public static EmbeddedTarget asynchronous(WorkflowRuntime runtime, String region, PrintWriter log) {
        Consumer<String> lines = line -> {
            log.println(Instant.now() + " " + line);
            log.flush();
        };
        return new EmbeddedTarget(LocalStepFunctions.asynchronous(runtime, StateMachines.local(region), formerNames(region), lines),
                region, StateMachines.bundled());
    }

    /** The service behind this target (the local server speaks Step Functions' protocol over it). */
    public LocalStepFunctions service() {
        return service;
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
    public ExecutionView start(String stateMachine, String name, JsonNode input) {
        String arn = stateMachineArn(known(stateMachine));
        return call(() -> view(service.startExecution(arn, name, input)));
    }

    @Override
    public ExecutionView describe(String executionArn) {
        return call(() -> view(service.describeExecution(executionArn)));
    }

    @Override
    public ExecutionView redrive(String executionArn) {
        return call(() -> view(service.redriveExecution(executionArn)));
    }

    @Override
    public String executionArn(String stateMachine, String name) {
        return StateMachines.executionArn(stateMachineArn(known(stateMachine)), name);
    }

    @Override
    public List<ExecutionView> list(String stateMachine, String nameContains, int max) {
        String arn = stateMachineArn(known(stateMachine));
        return call(() -> service.listExecutions(arn).stream().filter(e -> e.name().contains(nameContains)).limit(max)
                .map(EmbeddedTarget::view).toList());
    }

    @Override
    public List<ChildFailure> failedMapChildren(String executionArn, int max) {
        return call(() -> service.failedMapChildren(executionArn, max).stream()
                .map(c -> new ChildFailure(c.error(), c.cause())).toList());
    }

    @Override
    public String describeSelf() {
        return "embedded (home " + service.runtime().home() + ")";
    }

    /** See {@link LocalStepFunctions#close(Duration)}. */
    public void close(Duration drain) {
        service.close(drain);
    }

    @Override
    public void close() {
        close(Duration.ofMinutes(5));
    }

    /** An execution as DescribeExecution shows it. */
    static ExecutionView view(Execution e) {
        return new ExecutionView(e.arn(), e.stateMachineArn(), e.name(), e.status().name(), e.input(), e.output(), e.error(),
                e.cause(), e.startDate(), e.stopDate(), e.redriveCount(), e.redriveDate());
    }

    private String known(String stateMachine) {
        if (!definitions.containsKey(stateMachine)) {
            throw new StepFunctionsException.StateMachineDoesNotExist("State Machine Does Not Exist: '" + stateMachine
                    + "' (here: " + definitions.keySet() + ")");
        }
        return stateMachine;
    }

    /** The service's refusals as the exceptions the AWS client throws for the same errors. */
    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (LocalServiceException e) {
            throw StepFunctionsException.of(e.awsErrorCode(), e.getMessage());
        }
    }

    /** Records written before they held ARNs name their state machine by its short name ("daily-journal"). */
    private static Map<String, String> formerNames(String region) {
        Map<String, String> former = new LinkedHashMap<>();
        for (String shortName : StateMachines.bundled().keySet()) {
            former.put(shortName, StateMachines.stateMachineArn(region, ACCOUNT, shortName));
        }
        return former;
    }
}
