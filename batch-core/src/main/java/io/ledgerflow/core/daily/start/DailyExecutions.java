package io.ledgerflow.core.daily.start;

/**
 * The port that starts the daily workflow (Step Functions on AWS) by a deterministic execution
 * name, with no AWS types: {@code io.ledgerflow.core.adapters.stepfunctions} adapts it to Step Functions.
 */
public interface DailyExecutions {

    /**
     * Starts the daily workflow as {@code name} with {@code input} (a JSON text); returns the
     * execution's id (its ARN). A running execution of that name with the same input is returned as is.
     *
     * @throws ExecutionNameTakenException when an execution of that name exists and was not returned
     */
    String start(String name, String input);

    /** The execution of that name, which exists (a start of it was refused). */
    Execution describe(String name);

    /** An execution as the workflow service shows it: its id, status (RUNNING, SUCCEEDED...) and input (JSON text). */
    record Execution(String id, String status, String input) {}
}
