package io.ledgerflow.workflows.runtime;

import java.util.Locale;

/**
 * When a Distributed Map run whose failed items cross its tolerated failure threshold fails.
 * The default is AWS's behaviour; the other mode exists for tests that need every child to run.
 */
public enum MapFailureMode {

    /**
     * AWS's behaviour: the threshold is judged as each child finishes; once it is crossed the Map
     * Run fails at once. No further child starts, the running ones are aborted (their results, when
     * they come, are discarded) and the parent moves on without waiting for them: a Lambda
     * invocation already running keeps running on its thread, as it does on AWS.
     */
    FAIL_AT_ONCE,

    /**
     * Deterministic: every child runs to its end and the threshold is judged once, at the end.
     * For tests whose assertions need every child's outcome; never AWS's behaviour.
     */
    JUDGE_AT_END;

    /** System property selecting the mode: {@code fail-at-once} (default) or {@code judge-at-end}. */
    public static final String PROPERTY = "ledgerflow.workflows.mapFailure";

    /** The mode named by {@link #PROPERTY}, or {@link #FAIL_AT_ONCE} when it is not set. */
    public static MapFailureMode fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return FAIL_AT_ONCE;
        }
        String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (MapFailureMode mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(PROPERTY + " must be fail-at-once or judge-at-end, was '" + value + "'");
    }
}
