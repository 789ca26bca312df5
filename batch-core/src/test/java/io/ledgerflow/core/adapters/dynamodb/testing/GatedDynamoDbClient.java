package io.ledgerflow.core.adapters.dynamodb.testing;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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
 * A real DynamoDB client (talking to DynamoDB Local) that can hold back a run's writes: once
 * {@link #hold(String)} names a run, every {@code BatchWriteItem} that puts items of that run
 * waits inside the call (after any check the store made before sending it) until
 * {@link #release()}; then it goes through. It plays a worker whose Lambda call is slow: its
 * writes land after whatever the test does meanwhile. Everything else goes straight through.
 */
public final class GatedDynamoDbClient implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final Semaphore held = new Semaphore(0);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger heldCalls = new AtomicInteger();
    private volatile String heldRunId;

    public GatedDynamoDbClient(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    /** From now on, puts of {@code runId}'s items wait inside the call until {@link #release()}. */
    public void hold(String runId) {
        this.heldRunId = runId;
    }

    /** Waits until {@code calls} batch writes of the held run are waiting; false after {@code seconds}. */
    public boolean awaitHeld(int calls, long seconds) throws InterruptedException {
        return held.tryAcquire(calls, seconds, TimeUnit.SECONDS);
    }

    /** Lets every held call through, and every later one. */
    public void release() {
        released.countDown();
    }

    /** Batch writes of the held run that were held back. */
    public int heldCalls() {
        return heldCalls.get();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        if (released.getCount() > 0 && putsOfHeldRun(request)) {
            heldCalls.incrementAndGet();
            held.release();
            try {
                if (!released.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a held batch write was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
        }
        return delegate.batchWriteItem(request);
    }

    private boolean putsOfHeldRun(BatchWriteItemRequest request) {
        String runId = heldRunId;
        if (runId == null) {
            return false;
        }
        for (List<WriteRequest> writes : request.requestItems().values()) {
            for (WriteRequest w : writes) {
                AttributeValue run = w.putRequest() == null ? null : w.putRequest().item().get("runId");
                if (run != null && runId.equals(run.s())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return delegate.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return delegate.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return delegate.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return delegate.deleteItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return delegate.query(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return delegate.scan(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
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
        // the delegate belongs to whoever made it
    }
}
