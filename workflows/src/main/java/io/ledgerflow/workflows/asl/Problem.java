package io.ledgerflow.workflows.asl;

/** One reason a definition is invalid: the state (or "(definition)"), the rule broken, and why. */
public record Problem(String state, String rule, String message) {
    @Override
    public String toString() {
        return "state '" + state + "': " + rule + ": " + message;
    }
}
