package io.ledgerflow.core.adapters.dynamodb;

import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: before retry {@code n} (0-based) wait a uniformly
 * random time in {@code [0, min(cap, base * 2^n)]}. Full jitter spreads retrying writers apart,
 * which is what relieves a throttled partition.
 */
public final class Backoff {

    /** Past this many doublings the ceiling is the cap anyway; avoids shifting into overflow. */
    private static final int DOUBLINGS_MAX = 30;

    private final long retryDelayMillisBase;
    private final long retryDelayMillisMax;
    private final RandomGenerator random;

    public Backoff(long retryDelayMillisBase, long retryDelayMillisMax, RandomGenerator random) {
        if (retryDelayMillisBase < 1 || retryDelayMillisMax < retryDelayMillisBase) {
            throw new IllegalArgumentException("need 1 <= base <= max, got " + retryDelayMillisBase + ", " + retryDelayMillisMax);
        }
        this.retryDelayMillisBase = retryDelayMillisBase;
        this.retryDelayMillisMax = retryDelayMillisMax;
        this.random = random;
    }

    /** The ceiling of the delay before retry {@code retry}. */
    public long ceilingMillis(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0, got " + retry);
        }
        long ceiling = retryDelayMillisBase << Math.min(retry, DOUBLINGS_MAX);
        return Math.min(retryDelayMillisMax, ceiling);
    }

    public long delayMillis(int retry) {
        return random.nextLong(ceilingMillis(retry) + 1);
    }
}
