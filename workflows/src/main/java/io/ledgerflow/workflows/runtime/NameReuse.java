package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What StartExecution does with a name that is taken (which names are valid:
 * {@link Execution#checkName}). Names are unique per home, across state machines: the store keeps
 * executions by name.
 */
public enum NameReuse {

    /**
     * AWS's rule, which the local server follows: the same name and input on the same state machine
     * while the execution is RUNNING is that execution; anything else (another input, or an execution
     * that has ended) is ExecutionAlreadyExists.
     */
    AWS,

    /**
     * The embedded default's (CLI commands, {@code workflow run}): the same name, input and definition
     * returns the recorded execution once it has ended, without running anything, so that local
     * re-runs (CI retries) are idempotent without a service; another input or definition is refused,
     * and so is a RUNNING one (another process runs it, or one died while running it).
     */
    REPLAY;

    /**
     * The execution StartExecution returns when {@code existing} holds the name.
     *
     * @param input the new call's input, as it reads back from a record
     * @throws ExecutionAlreadyExistsException when the name cannot be reused
     */
    public Execution reuse(Execution existing, String stateMachineArn, JsonNode input, String definition) {
        return switch (this) {
            case AWS -> {
                if (existing.running() && existing.stateMachineArn().equals(stateMachineArn) && existing.input().equals(input)) {
                    yield existing;
                }
                throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + existing.arn() + "'");
            }
            case REPLAY -> {
                if (!existing.input().equals(input) || !existing.definition().equals(definition)) {
                    throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + existing.name()
                            + "' was started with a different input or definition");
                }
                if (existing.running()) {
                    throw new ExecutionAlreadyExistsException("Execution '" + existing.name() + "' is recorded as RUNNING: "
                            + "another process runs it, or one died while running it");
                }
                yield existing;
            }
        };
    }
}
