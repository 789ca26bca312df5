package io.ledgerflow.cli.targets;

import static io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS Step Functions as a {@link Target}: StartExecution, DescribeExecution, RedriveExecution and
 * ListExecutions on the deployed state machines, whose ARNs are given by short name.
 */
public final class AwsTarget implements Target {

    /** Where ledgerflow is deployed when nothing says otherwise (the operators are in Japan). */
    public static final String DEFAULT_REGION = StepFunctionsClient.DEFAULT_REGION;
    /** ListExecutions pages read by {@link #list}, at most. */
    private static final int LIST_PAGES_MAX = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StepFunctionsClient client;
    private final Map<String, String> stateMachineArns;

    AwsTarget(StepFunctionsClient client, Map<String, String> stateMachineArns) {
        this.client = client;
        this.stateMachineArns = Map.copyOf(stateMachineArns);
    }

    /**
     * @param endpoint         null for the region's public endpoint
     * @param region           null for the SDK's default chain (AWS_REGION, profile...), else {@value #DEFAULT_REGION}
     * @param stateMachineArns short name to deployed ARN
     */
    public static AwsTarget open(URI endpoint, String region, Map<String, String> stateMachineArns) {
        return new AwsTarget(StepFunctionsClient.create(endpoint, region), stateMachineArns);
    }

    /** Over a client built by the caller (its own credentials: a test against a local endpoint). */
    public static AwsTarget over(StepFunctionsClient client, Map<String, String> stateMachineArns) {
        return new AwsTarget(client, stateMachineArns);
    }

    @Override
    public ExecutionView start(String stateMachine, String name, JsonNode input) {
        String smArn = stateMachineArn(stateMachine);
        JsonNode response = client.startExecution(smArn, name, input.toString());
        return new ExecutionView(response.path("executionArn").asText(), smArn, name, "RUNNING", input, null, null, null,
                timestamp(response.path("startDate")), null, 0, null);
    }

    @Override
    public ExecutionView describe(String executionArn) {
        JsonNode d = client.describeExecution(executionArn);
        return new ExecutionView(d.path("executionArn").asText(), d.path("stateMachineArn").asText(), d.path("name").asText(),
                d.path("status").asText(), json(d.path("input")), json(d.path("output")), text(d.path("error")),
                text(d.path("cause")), timestamp(d.path("startDate")), timestamp(d.path("stopDate")),
                d.path("redriveCount").asInt(0), timestamp(d.path("redriveDate")));
    }

    @Override
    public ExecutionView redrive(String executionArn) {
        client.redriveExecution(executionArn);
        return describe(executionArn);
    }

    @Override
    public String executionArn(String stateMachine, String name) {
        return StateMachines.executionArn(stateMachineArn(stateMachine), name);
    }

    @Override
    public List<ExecutionView> list(String stateMachine, String nameContains, int max) {
        String smArn = stateMachineArn(stateMachine);
        List<ExecutionView> found = new ArrayList<>();
        String token = null;
        for (int page = 0; page < LIST_PAGES_MAX && found.size() < max; page++) {
            JsonNode response = client.listExecutions(smArn, 100, token);
            for (JsonNode e : response.path("executions")) {
                if (e.path("name").asText().contains(nameContains) && found.size() < max) {
                    found.add(new ExecutionView(e.path("executionArn").asText(), smArn, e.path("name").asText(),
                            e.path("status").asText(), null, null, null, null, timestamp(e.path("startDate")),
                            timestamp(e.path("stopDate")), e.path("redriveCount").asInt(0), null));
                }
            }
            token = text(response.path("nextToken"));
            if (token == null) {
                break;
            }
        }
        return found;
    }

    /**
     * ListMapRuns of the execution, ListExecutions of each map run with {@code statusFilter} FAILED,
     * and DescribeExecution of each child. An endpoint that does not serve the map-run operations
     * (an older local server) or refuses them (IAM) gives an empty list: the caller then reports
     * the map run's own error.
     */
    @Override
    public List<ChildFailure> failedMapChildren(String executionArn, int max) {
        List<ChildFailure> failed = new ArrayList<>();
        try {
            for (JsonNode run : client.listMapRuns(executionArn, 100).path("mapRuns")) {
                JsonNode children = client.listMapRunExecutions(run.path("mapRunArn").asText(), "FAILED", Math.max(1, max));
                for (JsonNode child : children.path("executions")) {
                    if (failed.size() < max) {
                        JsonNode d = client.describeExecution(child.path("executionArn").asText());
                        failed.add(new ChildFailure(text(d.path("error")), text(d.path("cause"))));
                    }
                }
            }
        } catch (RuntimeException refused) {
            if (!(refused instanceof StepFunctionsException)) {
                throw refused;
            }
            return failed;
        }
        return failed;
    }

    /** True when this target was given the ARN of {@code stateMachine} (an option, a variable or the stack's outputs). */
    public boolean has(String stateMachine) {
        return stateMachineArns.containsKey(stateMachine);
    }

    @Override
    public String describeSelf() {
        return "aws (endpoint " + client.endpoint() + ")";
    }

    @Override
    public void close() {
        client.close();
    }

    private String stateMachineArn(String stateMachine) {
        String arn = stateMachineArns.get(stateMachine);
        if (arn == null) {
            throw new StepFunctionsException.StateMachineDoesNotExist("no state machine ARN given for '" + stateMachine + "'");
        }
        return arn;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static JsonNode json(JsonNode text) {
        if (!text.isTextual()) {
            return null;
        }
        try {
            return JSON.readTree(text.asText());
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(text.asText());
        }
    }
}
