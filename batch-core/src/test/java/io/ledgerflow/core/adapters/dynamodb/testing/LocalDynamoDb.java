package io.ledgerflow.core.adapters.dynamodb.testing;

import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A running DynamoDB Local as a test sees it: its endpoint, a client, and fresh tables on demand. */
public final class LocalDynamoDb {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final URI endpoint;
    private final DynamoDbClient client;

    LocalDynamoDb(URI endpoint, DynamoDbClient client) {
        this.endpoint = endpoint;
        this.client = client;
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Creates a new, empty journal table with a unique name, so tests never see each other's items. */
    public String freshTable() {
        String name = "journal-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
        JournalTable.createIfAbsent(client, name);
        return name;
    }
}
