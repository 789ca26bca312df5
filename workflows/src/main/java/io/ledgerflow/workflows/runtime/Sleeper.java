package io.ledgerflow.workflows.runtime;

import java.time.Duration;

/** Waits for Wait states and Retry intervals; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d);
}
