package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.local.DynamoDbLimits;
import io.ledgerflow.core.adapters.dynamodb.local.ThrottleCounts;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.adapters.dynamodb.testing.ManualNanoClock;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.WriteNotCompletedException;
import java.time.LocalDate;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The store on a real DynamoDB Local behind DynamoDB's limits (scaled down, so that a test-sized
 * day crosses them): its retries of throttled batches and of a throttled publish transaction get
 * every entry written, exactly once; and a publish throttled past its attempts fails, naming it.
 * The capacity refills by a clock that only the store's backoff sleeps move, so each run of a test
 * is the same run.
 */
class JournalStoreLimitsTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    /** 25 write units a second per partition key; the table's budget is not what these tests cross. */
    static final DynamoDbLimits SMALL = new DynamoDbLimits(25, 500, 4_000, 12_000, DynamoDbLimits.ITEM_BYTES_MAX, 1);
    static final ManualNanoClock CLOCK = new ManualNanoClock();

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = DynamoDbLocalExtension.withLimits(SMALL, CLOCK);

    static Day day;
    static DynamoDbClient CLIENT;

    @BeforeAll
    static void connect(LocalDynamoDb dynamo) {
        CLIENT = withoutSdkRetries(dynamo);
    }

    @AfterAll
    static void disconnect() {
        CLIENT.close();
    }

    @BeforeAll
    static void journalize() {
        day = TestDays.generate(DATE, 2_000, 5);
    }

    /**
     * A client of the limits without the SDK's own retries: the SDK would retry a throttled request
     * after a real-time wait, in which this test's clock stands still, so the retry could only be
     * throttled again. The store's own retries (whose waits move the clock) are what is tested.
     */
    static DynamoDbClient withoutSdkRetries(LocalDynamoDb dynamo) {
        return DynamoDbClient.builder().endpointOverride(dynamo.endpoint())
                .region(Region.of(DynamoDbClients.LOCAL_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DynamoDbClients.LOCAL_ACCESS_KEY, DynamoDbClients.LOCAL_SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(4))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /**
     * A store whose backoff sleeps move the limits' clock (unless frozen): time passes only while it
     * waits. One request in flight, so that the same requests meet the same capacity every run.
     */
    static DynamoDbJournalStore store(DynamoDbClient client, String table, AtomicBoolean frozen) {
        // pages of one entry: each a write unit, as entries were before pages, so that a shard's
        // writes take more than a second's units (the premise below)
        return new DynamoDbJournalStore(client, Stores.settings(table).withWriteConcurrency(1).withPageEntriesMax(1), new TickingClock(),
                new SplittableRandom(42),
                millis -> {
                    if (!frozen.get()) {
                        CLOCK.advanceMillis(millis);
                    }
                });
    }

    @Test
    void theTestDay_crossesTheScaledDownLimits() {
        // the premise of the tests below: a shard's entries (one a page) take more than a second's
        // units; the day's summary is one page (summary lines are paged), a few units of the day key
        long shardUnits = day.entries().size() / Stores.SHARDS;
        assertThat(shardUnits).isGreaterThan((long) SMALL.partitionWriteUnitsPerSecond());
        assertThat(SummaryPages.toItems(DATE, "run-1", day.summary())).hasSize(1)
                .allSatisfy(page -> assertThat(ItemBytes.writeUnits(page)).isLessThan((long) SMALL.partitionWriteUnitsPerSecond()));
    }

    @Test
    void aDayWrittenUnderTheLimits_isThrottledAndRetried_andStoredExactlyOnce(LocalDynamoDb dynamo) {
        // given entries of about 1 KB over 8 shards, one a page: more units a shard than it has in a second
        String table = dynamo.freshTable();
        DynamoDbJournalStore store = store(CLIENT, table, new AtomicBoolean());
        ThrottleCounts before = dynamo.throttleCounts();

        // when a whole run goes through
        store.beginRun(Stores.daily("run-1", DATE));
        store.writeEntries(DATE, "run-1", day.entries());
        store.publishRun(DATE, "run-1", day.completion(), day.summary());

        // then DynamoDB's answers were met (items returned unprocessed, batches throttled) and yet
        // the journal is exact, each entry stored once
        ThrottleCounts after = dynamo.throttleCounts();
        assertThat(after.unprocessedItems() - before.unprocessedItems()).isPositive();
        assertThat(after.requestsThrottled() - before.requestsThrottled()).isPositive();
        assertThat(store.currentRun(DATE)).get().extracting(r -> r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(day.csv());
        assertThat(Stores.countEntries(dynamo.engineClient(), table, "run-1")).isEqualTo(day.entries().size());
    }

    @Test
    void aThrottledPublishTransaction_isRetried_untilItGoesThrough(LocalDynamoDb dynamo) {
        // given another writer that takes all of the day key's capacity just before the publish transaction
        String table = dynamo.freshTable();
        AtomicInteger fillers = new AtomicInteger();
        DynamoDbClient client = new BeforeTransaction(CLIENT, () -> spendDayKey(CLIENT, table, fillers));
        DynamoDbJournalStore store = store(client, table, new AtomicBoolean());
        long cancelledBefore = dynamo.throttleCounts().cancelledTransactions();
        store.beginRun(Stores.daily("run-1", DATE));
        store.writeEntries(DATE, "run-1", day.entries());

        // when
        store.publishRun(DATE, "run-1", day.completion(), day.summary());

        // then the transaction was cancelled for want of capacity, retried after a backoff, and went through
        assertThat(fillers.get()).isPositive();
        assertThat(dynamo.throttleCounts().cancelledTransactions() - cancelledBefore).isPositive();
        assertThat(store.currentRun(DATE)).get().extracting(r -> r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(day.csv());
    }

    @Test
    void aPublishThrottledPastItsAttempts_failsNamingIt_andPublishesNothing(LocalDynamoDb dynamo) {
        // given the same other writer, and then no capacity coming back at all
        String table = dynamo.freshTable();
        AtomicBoolean frozen = new AtomicBoolean();
        DynamoDbClient client = new BeforeTransaction(CLIENT, () -> {
            spendDayKey(CLIENT, table, new AtomicInteger());
            frozen.set(true);
        });
        DynamoDbJournalStore store = store(client, table, frozen);
        store.beginRun(Stores.daily("run-1", DATE));
        store.writeEntries(DATE, "run-1", day.entries());

        // when / then
        assertThatThrownBy(() -> store.publishRun(DATE, "run-1", day.completion(), day.summary()))
                .isInstanceOf(WriteNotCompletedException.class)
                .hasMessageContaining("publishing run run-1 for 2026-11-20")
                .hasMessageContaining("not written after 10 attempts")
                .hasMessageContaining("ThrottlingError");
        assertThat(store.currentRun(DATE)).isEmpty();
        assertThat(store.runs(DATE)).extracting(r -> r.status()).containsExactly(RunStatus.STARTED);
    }

    /** Puts small items on the day's key until DynamoDB (the limits) refuses one: the key has less than a unit left. */
    static void spendDayKey(DynamoDbClient client, String table, AtomicInteger fillers) {
        try {
            for (int i = 0; i < 1_000; i++) {
                int n = fillers.incrementAndGet();
                client.putItem(r -> r.tableName(table).item(Map.of(Keys.PK, AttributeValue.fromS(Keys.dayPk(DATE)),
                        Keys.SK, AttributeValue.fromS("OTHER#" + n))));
            }
            throw new IllegalStateException("the day's key was never throttled");
        } catch (ProvisionedThroughputExceededException spent) {
            // the key has no whole unit left
        }
    }

    /** A client that runs a hook before its first {@code TransactWriteItems}; everything else goes straight through. */
    static final class BeforeTransaction implements DynamoDbClient {
        private final DynamoDbClient delegate;
        private final Runnable hook;
        private final AtomicBoolean ran = new AtomicBoolean();

        BeforeTransaction(DynamoDbClient delegate, Runnable hook) {
            this.delegate = delegate;
            this.hook = hook;
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            if (ran.compareAndSet(false, true)) {
                hook.run();
            }
            return delegate.transactWriteItems(request);
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            return delegate.batchWriteItem(request);
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
        public QueryResponse query(QueryRequest request) {
            return delegate.query(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
            // the delegate belongs to the extension
        }
    }

}
