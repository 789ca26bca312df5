package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.store.JournalStoreException;
import java.util.List;

/** The store's fan-out helpers. */
final class Threads {
    private Threads() {}

    /** Waits for every thread; on interrupt, interrupts them all and fails naming {@code what}. */
    static void joinAll(List<Thread> threads, String what) {
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new JournalStoreException("interrupted while " + what, e);
        }
    }
}
