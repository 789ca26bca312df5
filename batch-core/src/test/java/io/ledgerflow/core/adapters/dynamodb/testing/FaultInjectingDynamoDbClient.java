package io.ledgerflow.core.adapters.dynamodb.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A real DynamoDB client (talking to DynamoDB Local) with faults injected into
 * {@code BatchWriteItem}, deterministically by call count:
 * <ul>
 *   <li>every {@code unprocessedEvery}-th call writes only the first half of its items and returns
 *       the rest as {@code UnprocessedItems}, as DynamoDB does under load;
 *   <li>every {@code throttleEvery}-th call writes nothing and throws
 *       {@code ProvisionedThroughputExceededException};
 *   <li>after {@code crashAfterItems} items have been written, the process "dies": the call that
 *       crosses the limit writes up to it and throws {@link SimulatedCrash}, and every later call of
 *       any kind throws too.
 * </ul>
 * Zero turns a fault off. {@link #refuseDeletes} makes every {@code BatchWriteItem} that deletes
 * fail with {@link InjectedFault} (writing nothing) until it is turned off again: a purge that
 * breaks while everything else works. Everything else goes straight to the real client.
 */
public final class FaultInjectingDynamoDbClient implements DynamoDbClient {

    /** Stands for the process dying mid-run. */
    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    /** A failure of one call that leaves the client usable (unlike {@link SimulatedCrash}). */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(String message) {
            super(message);
        }
    }

    private final AtomicBoolean refuseDeletes = new AtomicBoolean();

    private volatile java.util.function.Predicate<UpdateItemRequest> refusedUpdates = r -> false;

    /** {@code UpdateItem} requests that match fail with {@link InjectedFault}, changing nothing ({@code r -> false}: none). */
    public void refuseUpdates(java.util.function.Predicate<UpdateItemRequest> which) {
        refusedUpdates = which;
    }

    /** While on, batch writes holding a delete fail with {@link InjectedFault} and write nothing. */
    public void refuseDeletes(boolean on) {
        refuseDeletes.set(on);
    }

    private final DynamoDbClient delegate;
    private final long unprocessedEvery;
    private final long throttleEvery;
    private final long crashAfterItems;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong itemsWritten = new AtomicLong();
    private final AtomicLong unprocessedReturned = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicBoolean crashed = new AtomicBoolean();

    public FaultInjectingDynamoDbClient(DynamoDbClient delegate, long unprocessedEvery, long throttleEvery, long crashAfterItems) {
        this.delegate = delegate;
        this.unprocessedEvery = unprocessedEvery;
        this.throttleEvery = throttleEvery;
        this.crashAfterItems = crashAfterItems;
    }

    public static FaultInjectingDynamoDbClient crashingAfter(DynamoDbClient delegate, long items) {
        return new FaultInjectingDynamoDbClient(delegate, 0, 0, items);
    }

    @Override
    public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        // synchronized: the crash limit must cut at an exact item count even with parallel writers
        alive();
        if (refuseDeletes.get() && request.requestItems().values().stream().flatMap(List::stream)
                .anyMatch(w -> w.deleteRequest() != null)) {
            throw new InjectedFault("injected: a batch of deletes failed");
        }
        long call = calls.incrementAndGet();
        if (throttleEvery > 0 && call % throttleEvery == 0) {
            throttled.incrementAndGet();
            throw ProvisionedThroughputExceededException.builder()
                    .message("injected: the level of configured provisioned throughput for the table was exceeded")
                    .build();
        }
        Map.Entry<String, List<WriteRequest>> only = request.requestItems().entrySet().iterator().next();
        List<WriteRequest> items = only.getValue();
        int forward = unprocessedEvery > 0 && call % unprocessedEvery == 0 ? items.size() / 2 : items.size();
        boolean crashNow = false;
        if (crashAfterItems > 0 && itemsWritten.get() + forward >= crashAfterItems) {
            forward = (int) (crashAfterItems - itemsWritten.get());
            crashNow = true;
        }
        if (forward > 0) {
            Map<String, List<WriteRequest>> written = Map.of(only.getKey(), List.copyOf(items.subList(0, forward)));
            BatchWriteItemResponse response = delegate.batchWriteItem(r -> r.requestItems(written));
            if (response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty()) {
                throw new IllegalStateException("DynamoDB Local left items unprocessed; this wrapper cannot count them");
            }
            itemsWritten.addAndGet(forward);
        }
        if (crashNow) {
            crashed.set(true);
            throw new SimulatedCrash("injected crash after " + itemsWritten.get() + " items written");
        }
        List<WriteRequest> rest = new ArrayList<>(items.subList(forward, items.size()));
        unprocessedReturned.addAndGet(rest.size());
        return BatchWriteItemResponse.builder()
                .unprocessedItems(rest.isEmpty() ? Map.of() : Map.of(only.getKey(), rest)).build();
    }

    public long itemsWritten() {
        return itemsWritten.get();
    }

    public long unprocessedReturned() {
        return unprocessedReturned.get();
    }

    public long throttled() {
        return throttled.get();
    }

    private void alive() {
        if (crashed.get()) {
            throw new SimulatedCrash("the process has crashed");
        }
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        alive();
        return delegate.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        alive();
        return delegate.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        alive();
        if (refusedUpdates.test(request)) {
            throw new InjectedFault("injected: the update failed");
        }
        return delegate.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        alive();
        return delegate.deleteItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        alive();
        return delegate.query(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        alive();
        return delegate.scan(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        alive();
        return delegate.transactWriteItems(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return delegate.describeTable(request);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return delegate.createTable(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // the delegate belongs to the test extension
    }
}
