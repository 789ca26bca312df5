package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTests {

    @Test
    void ceiling_doublesFromBaseUpToTheCap() {
        Backoff backoff = new Backoff(25, 2_000, new SplittableRandom(1));
        assertThat(new long[] {backoff.ceilingMillis(0), backoff.ceilingMillis(1), backoff.ceilingMillis(2),
                backoff.ceilingMillis(6), backoff.ceilingMillis(7), backoff.ceilingMillis(500)})
                .containsExactly(25, 50, 100, 1_600, 2_000, 2_000);
    }

    @Test
    void delay_isFullJitter_betweenZeroAndTheCeiling() {
        Backoff backoff = new Backoff(25, 2_000, new SplittableRandom(1));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long delay = backoff.delayMillis(3);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isBetween(0L, 5L);
        assertThat(max).isBetween(195L, 200L);
    }
}
