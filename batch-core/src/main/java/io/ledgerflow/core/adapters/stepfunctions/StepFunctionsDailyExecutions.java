package io.ledgerflow.core.adapters.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.core.daily.start.DailyExecutions;
import io.ledgerflow.core.daily.start.ExecutionNameTakenException;

/** {@link DailyExecutions} on Step Functions: executions of the daily state machine, by name. */
public final class StepFunctionsDailyExecutions implements DailyExecutions {

    private final StepFunctionsClient client;
    private final String stateMachineArn;

    public StepFunctionsDailyExecutions(StepFunctionsClient client, String stateMachineArn) {
        this.client = client;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public String start(String name, String input) {
        try {
            return client.startExecution(stateMachineArn, name, input).path("executionArn").asText();
        } catch (StepFunctionsException.ExecutionAlreadyExists e) {
            throw new ExecutionNameTakenException(e.getMessage(), e);
        }
    }

    @Override
    public Execution describe(String name) {
        String executionArn = StepFunctionsClient.executionArn(stateMachineArn, name);
        JsonNode d = client.describeExecution(executionArn);
        return new Execution(executionArn, d.path("status").asText(), d.path("input").isTextual() ? d.path("input").asText() : null);
    }
}
