package io.ledgerflow.workflows.asl;

import java.util.Map;

/** A parsed state machine, or one branch / item processor of a Parallel or Map state. */
public record StateMachine(String startAt, Map<String, State> states, Integer timeoutSeconds) {

    /** The named state; the validator guarantees every Next and StartAt names one. */
    public State state(String name) {
        State s = states.get(name);
        if (s == null) {
            throw new IllegalStateException("no state named " + name + " (the definition was not validated)");
        }
        return s;
    }
}
