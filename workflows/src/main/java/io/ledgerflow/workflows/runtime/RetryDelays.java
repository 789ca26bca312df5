package io.ledgerflow.workflows.runtime;

import io.ledgerflow.workflows.asl.Retrier;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** The wait before a retry: IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, with optional full jitter. */
final class RetryDelays {

    /** ASL's own cap on any retry delay: one year. */
    private static final double DELAY_SECONDS_MAX = 31_622_400;

    private RetryDelays() {}

    /** {@code attempt} counts retries already made by this retrier, from 0. */
    static Duration delay(Retrier r, int attempt, RandomGenerator random) {
        double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt);
        if (r.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, r.maxDelaySeconds());
        }
        seconds = Math.min(seconds, DELAY_SECONDS_MAX);
        if (r.fullJitter()) {
            seconds = random.nextDouble() * seconds; // FULL jitter: uniform in [0, delay)
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
