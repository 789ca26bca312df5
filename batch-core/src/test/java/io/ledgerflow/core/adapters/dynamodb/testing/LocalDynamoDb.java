package io.ledgerflow.core.adapters.dynamodb.testing;

import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.ThrottleCounts;
import io.ledgerflow.core.adapters.dynamodb.local.ThrottlingProxy;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A running DynamoDB Local as a test sees it: its endpoint, a client, and fresh tables on demand.
 * Under limits, {@link #client()} goes through them and {@link #engineClient()} past them (to
 * look at the table without spending its capacity).
 */
public final class LocalDynamoDb {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final URI endpoint;
    private final DynamoDbClient client;
    private final DynamoDbClient engineClient;
    private final ThrottlingProxy proxy;

    LocalDynamoDb(URI endpoint, DynamoDbClient client, DynamoDbClient engineClient, ThrottlingProxy proxy) {
        this.endpoint = endpoint;
        this.client = client;
        this.engineClient = engineClient;
        this.proxy = proxy;
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** A client of the engine itself, past any limits. */
    public DynamoDbClient engineClient() {
        return engineClient;
    }

    /** What the limits throttled so far (all zero without limits). */
    public ThrottleCounts throttleCounts() {
        return proxy == null ? ThrottleCounts.NONE : proxy.counts();
    }

    /** Creates a new, empty journal table with a unique name, so tests never see each other's items. */
    public String freshTable() {
        String name = "journal-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
        JournalTable.createIfAbsent(engineClient, name);
        return name;
    }
}
