package io.ledgerflow.workflows.runtime;

/**
 * A state machine the local service runs: its deployed name, its ARN ({@link StatesArns}) and its
 * definition (substituted and valid), as the embedded stack deploys it.
 */
public record LocalStateMachine(String name, String arn, String definition) {

    public LocalStateMachine {
        if (!StatesArns.parseStateMachine(arn).name().equals(name)) {
            throw new IllegalArgumentException("state machine " + name + ": its ARN " + arn + " names another");
        }
        if (definition == null || definition.isBlank()) {
            throw new IllegalArgumentException("state machine " + name + " has no definition");
        }
    }
}
