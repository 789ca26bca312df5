package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a task body under the Task's TimeoutSeconds; over time it fails with States.Timeout and
 * an empty cause, as AWS reports a timed-out task (its recorded executions show Cause "").
 */
final class TaskTimeouts {

    private TaskTimeouts() {}

    static JsonNode call(Callable<JsonNode> body, Integer timeoutSeconds) {
        if (timeoutSeconds == null) {
            try {
                return body.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw LambdaHandlerInvoker.failure(e);
            }
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        Future<JsonNode> f = pool.submit(body);
        try {
            return f.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true); // interrupts the handler; like Lambda, work it already did is not undone
            throw new StatesError(ErrorNames.TIMEOUT, "");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw LambdaHandlerInvoker.failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new StatesError(ErrorNames.RUNTIME, "execution interrupted");
        } finally {
            pool.shutdown(); // not close(): a handler that ignores interrupts must not block the execution
        }
    }
}
