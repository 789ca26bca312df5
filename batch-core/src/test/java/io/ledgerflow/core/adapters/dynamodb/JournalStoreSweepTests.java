package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Sweeping a day's dead runs (DynamoDB Local): entries a failed run's workers wrote after its
 * purge, purges left unfinished; and the per-batch check that stops a failed run's worker.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class JournalStoreSweepTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static Day first;
    static Day second;

    LocalDynamoDb dynamo;
    String table;
    SettableClock clock;
    DynamoDbJournalStore store;

    /** A clock the test moves by hand. */
    static final class SettableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-20T15:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void journalize() {
        first = TestDays.generate(DATE, 300, 41);
        second = TestDays.generate(DATE, 200, 42);
    }

    @BeforeEach
    void fresh(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.table = dynamo.freshTable();
        this.clock = new SettableClock();
        this.store = new DynamoDbJournalStore(dynamo.client(), Stores.settings(table), clock, new SplittableRandom(42),
                new CopyOnWriteArrayList<Long>()::add);
    }

    private void publish(String runId, Day day) {
        store.beginRun(Stores.daily(runId, DATE));
        store.writeEntries(DATE, runId, day.entries());
        store.publishRun(DATE, runId, day.completion(), day.summary());
    }

    /** A failed run's entries, written straight to the table as a late worker's batches land (no check). */
    private void lateWrite(String runId, List<JournalEntry> entries) {
        List<Map<String, AttributeValue>> pages = EntryPages.toItems(DATE, runId, Stores.SHARDS, Stores.PAGE_ENTRIES, entries);
        for (int from = 0; from < pages.size(); from += BatchWriter.BATCH_ITEMS_MAX) {
            List<WriteRequest> batch = pages.subList(from, Math.min(pages.size(), from + BatchWriter.BATCH_ITEMS_MAX))
                    .stream().map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList();
            dynamo.client().batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
        }
    }

    private long pagesOf(String runId) {
        return Stores.countPages(dynamo.client(), table, runId);
    }

    private void failAndPurge(String runId) {
        store.failRun(DATE, runId, "States.ExceedToleratedFailureThreshold: a partition failed");
        while (store.purgeEntries(DATE, runId, 1_000) > 0) {
            clock.now = clock.now.plusSeconds(1);
        }
    }

    private long entriesOf(String runId) {
        return Stores.countEntries(dynamo.client(), table, runId);
    }

    private Map<String, AttributeValue> runItem(String runId) {
        return dynamo.client().getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.dayPk(DATE)), Keys.SK, AttributeValue.fromS(Keys.runSk(runId)))))
                .item();
    }

    /** The real client, which runs {@code then} (fails the run) right after the {@code batches}-th batch write. */
    static final class FailsRunAfterBatches implements DynamoDbClient {
        private final DynamoDbClient delegate;
        private final int batches;
        private final Runnable then;
        private int calls;

        FailsRunAfterBatches(DynamoDbClient delegate, int batches, Runnable then) {
            this.delegate = delegate;
            this.batches = batches;
            this.then = then;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            BatchWriteItemResponse response = delegate.batchWriteItem(request);
            if (++calls == batches) {
                then.run();
                try { // past the time one read of the run's status serves the writer's lanes
                    Thread.sleep(2 * RunStartedCheck.REUSE_MILLIS_MAX);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return response;
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            return delegate.getItem(request);
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

    @Test
    void writeEntries_refusesTheNextBatch_onceTheRunIsNoLongerStarted() {
        // given a run that failed after its worker read it STARTED (the first batch's check passes)
        store.beginRun(Stores.daily("run-1", DATE));
        DynamoDbJournalStore failingMidWrite = new DynamoDbJournalStore(new FailsRunAfterBatches(dynamo.client(), 2,
                () -> store.failRun(DATE, "run-1", "the map failed")), Stores.settings(table).withWriteConcurrency(1).withPageEntriesMax(1),
                clock, new SplittableRandom(1), millis -> { });

        // when / then: its third batch is refused, the rest of the entries never written
        assertThatThrownBy(() -> failingMidWrite.writeEntries(DATE, "run-1", first.entries()))
                .isInstanceOf(RunStateException.class).hasMessageContaining("became FAILED");
        assertThat(pagesOf("run-1")).isEqualTo(2L * BatchWriter.BATCH_ITEMS_MAX);
    }

    @Test
    void sweep_deletesEntriesLandedAfterThePurge_andLeavesTheCurrentRunAlone() {
        // given a published day and a rerun that failed and was purged, then a late batch landed
        publish("run-1", first);
        store.beginRun(Stores.rerun("rerun-1", DATE));
        failAndPurge("rerun-1");
        lateWrite("rerun-1", second.entries());
        assertThat(entriesOf("rerun-1")).isEqualTo(second.entries().size());
        long pages = pagesOf("rerun-1");

        // when
        long swept = store.sweepLeftovers(DATE, 10, 100);

        // then
        assertThat(swept).isEqualTo(pages);
        assertThat(entriesOf("rerun-1")).isZero();
        assertThat(entriesOf("run-1")).isEqualTo(first.entries().size());
        assertThat(store.journal(DATE)).isEqualTo(first.entries());
        assertThat(store.sweepLeftovers(DATE, 100)).isZero();
    }

    @Test
    void sweep_finishesThePurgeOfAFailedRun_thatRecordFailureLeftUnfinished() {
        // given a run marked FAILED whose purge never ran (RecordFailure timed out, say)
        publish("run-1", first);
        store.beginRun(Stores.rerun("rerun-1", DATE));
        store.writeEntries(DATE, "rerun-1", second.entries());
        store.failRun(DATE, "rerun-1", "io.ledgerflow.core.store.RunIncompleteException");
        long pages = pagesOf("rerun-1");

        // when
        long swept = store.sweepLeftovers(DATE, 10, 100);

        // then
        assertThat(swept).isEqualTo(pages);
        assertThat(pagesOf("rerun-1")).isZero();
        assertThat(store.runs(DATE)).extracting(RunRecord::runId, RunRecord::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("run-1", RunStatus.COMPLETED),
                org.assertj.core.groups.Tuple.tuple("rerun-1", RunStatus.PURGED));
        assertThat(store.journal(DATE)).isEqualTo(first.entries());
    }

    @Test
    void sweep_leavesAStartedRunAlone_itMayStillBeRunning() {
        publish("run-1", first);
        store.beginRun(Stores.rerun("rerun-1", DATE));
        store.writeEntries(DATE, "rerun-1", second.entries());

        assertThat(store.sweepLeftovers(DATE, 100, 10)).isZero();

        assertThat(entriesOf("rerun-1")).isEqualTo(second.entries().size());
    }

    @Test
    void sweep_marksAPurgedRunSwept_onlyWhenNoLateWriteCanLandAnyMore() {
        // given a failed, purged run
        publish("run-1", first);
        store.beginRun(Stores.rerun("rerun-1", DATE));
        failAndPurge("rerun-1");

        // when swept within the late-write window: not marked (a late batch may still come) ...
        clock.now = clock.now.plus(JournalStore.LATE_WRITES_MAX).minusSeconds(60);
        store.sweepLeftovers(DATE, 100);
        assertThat(runItem("rerun-1")).doesNotContainKey(RunItems.SWEPT_AT);
        lateWrite("rerun-1", second.entries().subList(0, 25));
        long pages = pagesOf("rerun-1");
        assertThat(pages).isPositive();
        assertThat(store.sweepLeftovers(DATE, 100)).isEqualTo(pages);

        // ... after it: marked, and never looked at again
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(store.sweepLeftovers(DATE, 100)).isZero();
        assertThat(runItem("rerun-1")).containsKey(RunItems.SWEPT_AT);
        lateWrite("rerun-1", second.entries().subList(0, 1)); // cannot happen: no Lambda call lasts that long
        assertThat(store.sweepLeftovers(DATE, 100)).isZero();
    }
}
