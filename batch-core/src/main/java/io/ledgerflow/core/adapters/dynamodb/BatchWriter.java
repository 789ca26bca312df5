package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.store.JournalStoreException;
import io.ledgerflow.core.store.WriteNotCompletedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes (or deletes) items with {@code BatchWriteItem}: 25 items a request, at most
 * {@code writeConcurrency} requests in flight, each request's {@code UnprocessedItems} and
 * throttling errors retried with capped exponential backoff and full jitter, at most
 * {@code batchAttemptsMax} attempts, then {@link WriteNotCompletedException} naming the keys
 * still unwritten.
 */
final class BatchWriter {

    /** DynamoDB's limit for one {@code BatchWriteItem} request. */
    static final int BATCH_ITEMS_MAX = 25;

    private final DynamoDbClient client;
    private final DynamoDbStoreSettings settings;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final LongAdder throttled = new LongAdder();

    BatchWriter(DynamoDbClient client, DynamoDbStoreSettings settings, Backoff backoff, Sleeper sleeper) {
        this.client = client;
        this.settings = settings;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /** Requests DynamoDB throttled so far (left items unprocessed or refused for throughput), each attempt counted. */
    long throttledRequests() {
        return throttled.sum();
    }

    /** Checked before each request is sent; throws to stop the write. */
    @FunctionalInterface
    interface Guard {
        Guard NONE = () -> { };

        void check();

        /** Called after each answered {@code BatchWriteItem} request (nothing by default). */
        default void written() { }
    }

    /** Writes every request or throws; see {@link #write(String, List, Guard)}. */
    void write(String what, List<WriteRequest> requests) {
        write(what, requests, Guard.NONE);
    }

    /**
     * Writes every request or throws. Requests are split into batches; {@code writeConcurrency}
     * virtual threads each take the next unsent batch until none is left, so at most that many
     * are in flight and a slow batch does not hold up the others' share. {@code guard} is checked
     * before every {@code BatchWriteItem} request (retries included); the first failure, the
     * guard's included, stops the other threads at their next batch and is rethrown.
     */
    void write(String what, List<WriteRequest> requests, Guard guard) {
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += BATCH_ITEMS_MAX) {
            batches.add(requests.subList(from, Math.min(requests.size(), from + BATCH_ITEMS_MAX)));
        }
        int lanes = Math.min(settings.writeConcurrency(), batches.size());
        if (lanes <= 1) {
            batches.forEach(batch -> writeBatch(what, batch, guard));
            return;
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            threads.add(Thread.ofVirtual().name("ddb-write-", lane).start(() -> {
                for (int b = next.getAndIncrement(); b < batches.size() && failure.get() == null; b = next.getAndIncrement()) {
                    try {
                        writeBatch(what, batches.get(b), guard);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        Threads.joinAll(threads, "writing batches");
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void writeBatch(String what, List<WriteRequest> batch, Guard guard) {
        String table = settings.tableName();
        List<WriteRequest> pending = batch;
        RuntimeException lastError = null;
        for (int attempt = 1; attempt <= settings.batchAttemptsMax(); attempt++) {
            guard.check();
            try {
                Map<String, List<WriteRequest>> request = Map.of(table, List.copyOf(pending));
                BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
                guard.written();
                List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
                if (unprocessed.isEmpty()) {
                    return;
                }
                pending = unprocessed;
                lastError = null;
            } catch (ProvisionedThroughputExceededException | RequestLimitExceededException e) {
                lastError = e;
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException()) {
                    throw e;
                }
                lastError = e;
            }
            throttled.increment();
            if (attempt < settings.batchAttemptsMax()) {
                sleep(backoff.delayMillis(attempt - 1));
            }
        }
        throw new WriteNotCompletedException(what, keysOf(pending), settings.batchAttemptsMax(), lastError);
    }

    static List<String> keysOf(List<WriteRequest> requests) {
        List<String> keys = new ArrayList<>(requests.size());
        for (WriteRequest request : requests) {
            Map<String, AttributeValue> key = request.putRequest() != null
                    ? request.putRequest().item() : request.deleteRequest().key();
            keys.add(key.get(Keys.PK).s() + "/" + key.get(Keys.SK).s());
        }
        return keys;
    }

    private void sleep(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalStoreException("interrupted while backing off a batch write", e);
        }
    }

}
