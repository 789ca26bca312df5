package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Runs Parallel branches and inline Map iterations on virtual threads, at most {@code concurrency} at once. */
final class Concurrent {

    private Concurrent() {}

    /**
     * Returns each task's result in order. When tasks fail, the failure of the lowest index is
     * thrown (deterministic, where AWS reports whichever failed first) and the others are cancelled.
     */
    static List<JsonNode> runAll(List<Callable<JsonNode>> tasks, int concurrency) {
        Semaphore permits = new Semaphore(Math.max(1, concurrency));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> futures = new ArrayList<>(tasks.size());
            for (Callable<JsonNode> t : tasks) {
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        return t.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<JsonNode> out = new ArrayList<>(tasks.size());
            for (Future<JsonNode> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    throw unwrap(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(other -> other.cancel(true));
                    throw new StatesError(ErrorNames.RUNTIME, "execution interrupted");
                }
            }
            return out;
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new StatesError(ErrorNames.RUNTIME, String.valueOf(t));
    }
}
