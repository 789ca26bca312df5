package io.ledgerflow.workflows.template;

/**
 * How Lambda treats a function's asynchronous invocations (the function's
 * {@code EventInvokeConfig}; Lambda's defaults where the template sets none).
 *
 * @param maximumRetryAttempts     retries after a function error, 0 to 2 (default 2)
 * @param maximumEventAgeSeconds   how long an event may wait in the queue, 60 to 21,600 (default 21,600)
 * @param onFailureDestination     where a failed event goes after its last retry (null: dropped)
 */
public record AsyncInvokeConfig(int maximumRetryAttempts, int maximumEventAgeSeconds, String onFailureDestination) {

    /** Lambda's defaults: two retries, six hours. */
    public static final AsyncInvokeConfig DEFAULTS = new AsyncInvokeConfig(2, 21_600, null);

    public AsyncInvokeConfig {
        if (maximumRetryAttempts < 0 || maximumRetryAttempts > 2) {
            throw new IllegalArgumentException("MaximumRetryAttempts must be 0..2, got " + maximumRetryAttempts);
        }
        if (maximumEventAgeSeconds < 60 || maximumEventAgeSeconds > 21_600) {
            throw new IllegalArgumentException("MaximumEventAgeInSeconds must be 60..21600, got " + maximumEventAgeSeconds);
        }
    }
}
