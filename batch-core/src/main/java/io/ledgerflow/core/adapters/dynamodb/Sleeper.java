package io.ledgerflow.core.adapters.dynamodb;

/** Waits between retries; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(long millis) throws InterruptedException;

    Sleeper THREAD = Thread::sleep;
}
