package io.ledgerflow.core.adapters.dynamodb.local;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.store.JournalStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The embedded default in one object: DynamoDB Local on {@code {home}/dynamodb}, a client, the
 * table {@value JournalTable#DEFAULT_NAME} created on first use, and the store on it. Close it to
 * stop the engine (its data stays under the home). With {@value DynamoDbLimits#ENV}{@code =aws} (or
 * {@code -D}{@value DynamoDbLimits#PROPERTY}{@code =aws}) the engine answers under DynamoDB's
 * throughput and item limits ({@link ThrottlingProxy}), and so does every client of
 * {@link #endpoint()}.
 */
public final class EmbeddedJournalStore implements AutoCloseable {

    private final EmbeddedDynamoDb engine;
    private final DynamoDbClient client;
    private final DynamoDbJournalStore store;

    private EmbeddedJournalStore(EmbeddedDynamoDb engine, DynamoDbClient client, DynamoDbJournalStore store) {
        this.engine = engine;
        this.client = client;
        this.store = store;
    }

    /** Starts the engine on the home's data with the default store settings. */
    public static EmbeddedJournalStore open(Path home, Clock clock) {
        return open(home, DynamoDbStoreSettings.defaults(JournalTable.DEFAULT_NAME), clock);
    }

    public static EmbeddedJournalStore open(Path home, DynamoDbStoreSettings settings, Clock clock) {
        // one connection per concurrent batch request, plus one for the run's own reads
        return open(home, settings, settings.writeConcurrency() + 1, clock);
    }

    /** As above, for callers that run several writers at once (the daily workflow's workers). */
    public static EmbeddedJournalStore open(Path home, DynamoDbStoreSettings settings, int connectionsMax, Clock clock) {
        return open(home, settings, connectionsMax, clock, 0);
    }

    /** As above, with the engine on {@code port} (0: a free one), for servers whose endpoint users type. */
    public static EmbeddedJournalStore open(Path home, DynamoDbStoreSettings settings, int connectionsMax, Clock clock,
                                            int port) {
        EmbeddedDynamoDb engine = EmbeddedDynamoDb.startPersistent(home, port);
        try {
            DynamoDbClient client = engine.newClient(connectionsMax);
            JournalTable.createIfAbsent(client, settings.tableName());
            return new EmbeddedJournalStore(engine, client, new DynamoDbJournalStore(client, settings, clock));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public JournalStore store() {
        return store;
    }

    public URI endpoint() {
        return engine.endpoint();
    }

    /** What DynamoDB's limits throttled so far; empty unless {@value DynamoDbLimits#ENV} turned them on. */
    public Optional<ThrottleCounts> throttleCounts() {
        return engine.throttleCounts();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            engine.close();
        }
    }
}
