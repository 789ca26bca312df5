package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.FaultInjectingDynamoDbClient;
import io.ledgerflow.core.adapters.dynamodb.testing.FaultInjectingDynamoDbClient.SimulatedCrash;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunIncompleteException;
import io.ledgerflow.core.store.RunStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Entry pages on a real DynamoDB Local: retries, many pages a shard, the bounds, counting, purge and sweep. */
@ExtendWith(DynamoDbLocalExtension.class)
class JournalStorePageTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static Day day;
    static Day rerun;

    LocalDynamoDb dynamo;
    String table;
    DynamoDbJournalStore store;

    @BeforeAll
    static void journalize() {
        day = TestDays.generate(DATE, 2_000, 11);
        rerun = TestDays.generate(DATE, 1_500, 12);
    }

    @BeforeEach
    void freshTable(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.table = dynamo.freshTable();
        this.store = Stores.store(dynamo.client(), table);
    }

    /** Writes the day as workers do: one call per partition of 97 entries. */
    private void writeInPartitions(DynamoDbJournalStore into, String runId, List<JournalEntry> entries) {
        for (int from = 0; from < entries.size(); from += 97) {
            into.writeEntries(DATE, runId, entries.subList(from, Math.min(entries.size(), from + 97)));
        }
    }

    private Map<String, Map<String, AttributeValue>> pagesByKey(String runId) {
        Map<String, Map<String, AttributeValue>> pages = new TreeMap<>();
        for (var item : Stores.scan(dynamo.client(), table, EntryPages.TYPE_PAGE, runId)) {
            pages.put(item.get("pk").s() + "/" + item.get("sk").s(), item);
        }
        return pages;
    }

    @Test
    void aRetriedWorker_rewritesTheSamePages_underTheSameKeys() {
        // given a worker that crashed after 30 of its page items were written
        store.beginRun(Stores.daily("run-1", DATE));
        var crashing = Stores.store(FaultInjectingDynamoDbClient.crashingAfter(dynamo.client(), 30), table);
        assertThatThrownBy(() -> writeInPartitions(crashing, "run-1", day.entries())).isInstanceOf(SimulatedCrash.class);
        Map<String, Map<String, AttributeValue>> beforeRetry = pagesByKey("run-1");
        assertThat(beforeRetry).hasSize(30);

        // when the retried worker writes its partitions again, twice
        writeInPartitions(store, "run-1", day.entries());
        Map<String, Map<String, AttributeValue>> afterRetry = pagesByKey("run-1");
        writeInPartitions(store, "run-1", day.entries());

        // then the pages written before the crash were overwritten by the same pages, and nothing doubled
        assertThat(afterRetry).containsAllEntriesOf(beforeRetry);
        assertThat(pagesByKey("run-1")).isEqualTo(afterRetry);
        assertThat(Stores.countEntries(dynamo.client(), table, "run-1")).isEqualTo(day.entries().size());
        store.publishRun(DATE, "run-1", day.completion(), day.summary());
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(day.csv());
    }

    @Test
    void aShard_holdsManyPages_readBackInInvoiceOrder() {
        // when
        store.beginRun(Stores.daily("run-1", DATE));
        writeInPartitions(store, "run-1", day.entries());
        store.publishRun(DATE, "run-1", day.completion(), day.summary());

        // then every shard has many pages of at most PAGE_ENTRIES entries, and the journal is exact
        Map<String, Integer> pagesPerShard = new TreeMap<>();
        for (var page : pagesByKey("run-1").values()) {
            pagesPerShard.merge(page.get("pk").s(), 1, Integer::sum);
            assertThat(Long.parseLong(page.get(EntryPages.COUNT).n())).isBetween(1L, (long) Stores.PAGE_ENTRIES);
        }
        assertThat(pagesPerShard).hasSize(Stores.SHARDS).allSatisfy((shard, pages) -> assertThat(pages).isGreaterThan(5));
        assertThat(store.journal(DATE)).isEqualTo(day.entries());
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(day.csv());
    }

    @Test
    void fullPages_stayBelowTheByteBound_andTheItemLimit() {
        // given a store with the default page size (1,000 entries), the day written in one call
        var wide = Stores.store(dynamo.client(), DynamoDbStoreSettings.defaults(table).withShards(1), new ArrayList<>());
        List<JournalEntry> entries = new ArrayList<>(day.entries());
        for (int i = 0; i < 60; i++) {
            entries.add(EntryPagesTests.entryOfLines(String.format("ZZ-%03d", i), 150, null));
        }
        entries.sort((a, b) -> a.invoiceId().compareTo(b.invoiceId()));

        // when
        wide.beginRun(Stores.daily("run-1", DATE));
        wide.writeEntries(DATE, "run-1", entries);

        // then the byte bound cut the pages, none reaches the item limit, and all read back
        var pages = pagesByKey("run-1").values();
        assertThat(pages).hasSizeGreaterThan(1).allSatisfy(page -> {
            assertThat(EntryPages.gunzip(page.get("body").b().asByteArray()).length)
                    .isLessThanOrEqualTo(EntryPages.PAGE_BODY_BYTES_MAX);
            assertThat(EntryPages.itemBytes(page)).isLessThan(EntryPages.ITEM_BYTES_MAX);
        });
        assertThat(pages.stream().mapToLong(EntryPages::countOf).sum()).isEqualTo(entries.size());
        assertThat(pages.stream().flatMap(p -> EntryPages.entriesOf(p).stream()).toList()).isEqualTo(entries);
    }

    @Test
    void publish_countsThePagesRecordedCounts_andRefusesAMissingPage() {
        // given a run whose pages are all written, then one page lost
        store.beginRun(Stores.daily("run-1", DATE));
        writeInPartitions(store, "run-1", day.entries());
        var lost = pagesByKey("run-1").values().iterator().next();
        long lostEntries = EntryPages.countOf(lost);
        dynamo.client().deleteItem(r -> r.tableName(table).key(Map.of("pk", lost.get("pk"), "sk", lost.get("sk"))));

        // when / then
        assertThatThrownBy(() -> store.publishRun(DATE, "run-1", day.completion(), day.summary()))
                .isInstanceOf(RunIncompleteException.class)
                .hasMessageContaining("has " + (day.entries().size() - lostEntries) + " entries stored but reports "
                        + day.entries().size());
        assertThat(store.runs(DATE).getFirst().status()).isEqualTo(RunStatus.STARTED);
    }

    @Test
    void publish_refusesARunThatReportsFewerEntriesThanItsPagesHold() {
        store.beginRun(Stores.daily("run-1", DATE));
        writeInPartitions(store, "run-1", day.entries());
        RunCompletion c = day.completion();
        RunCompletion fewer = new RunCompletion(c.linesRead(), c.linesPosted(), c.linesQuarantined(), c.entries() - 1,
                c.controlTotals());

        assertThatThrownBy(() -> store.publishRun(DATE, "run-1", fewer, day.summary()))
                .isInstanceOf(RunIncompleteException.class)
                .hasMessageContaining("has " + day.entries().size() + " entries stored but reports " + (day.entries().size() - 1));
    }

    @Test
    void purge_deletesEveryPageOfTheReplacedRun_inBoundedSteps() {
        // given a day replaced by a rerun
        store.beginRun(Stores.daily("run-1", DATE));
        writeInPartitions(store, "run-1", day.entries());
        store.publishRun(DATE, "run-1", day.completion(), day.summary());
        store.beginRun(Stores.rerun("rerun-1", DATE));
        writeInPartitions(store, "rerun-1", rerun.entries());
        store.publishRun(DATE, "rerun-1", rerun.completion(), rerun.summary());
        long pages = Stores.countPages(dynamo.client(), table, "run-1");

        // when
        long deleted = 0;
        for (long n = store.purgeEntries(DATE, "run-1", 25); n > 0; n = store.purgeEntries(DATE, "run-1", 25)) {
            assertThat(n).isLessThanOrEqualTo(25);
            deleted += n;
        }

        // then
        assertThat(deleted).isEqualTo(pages);
        assertThat(Stores.countPages(dynamo.client(), table, "run-1")).isZero();
        assertThat(store.runs(DATE).getFirst().status()).isEqualTo(RunStatus.PURGED);
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(rerun.csv());
    }

    @Test
    void sweep_deletesPagesThatLandedAfterAPurge() {
        // given a published day, and a rerun failed and purged whose late pages landed afterwards
        store.beginRun(Stores.daily("run-1", DATE));
        writeInPartitions(store, "run-1", day.entries());
        store.publishRun(DATE, "run-1", day.completion(), day.summary());
        store.beginRun(Stores.rerun("rerun-1", DATE));
        store.failRun(DATE, "rerun-1", "the map failed");
        while (store.purgeEntries(DATE, "rerun-1", 100) > 0) {
            // purge until PURGED
        }
        var late = EntryPages.toItems(DATE, "rerun-1", Stores.SHARDS, Stores.PAGE_ENTRIES, rerun.entries().subList(0, 60));
        for (int from = 0; from < late.size(); from += BatchWriter.BATCH_ITEMS_MAX) {
            List<WriteRequest> batch = late.subList(from, Math.min(late.size(), from + BatchWriter.BATCH_ITEMS_MAX)).stream()
                    .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList();
            dynamo.client().batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
        }

        // when
        long swept = store.sweepLeftovers(DATE, 7, 100);

        // then
        assertThat(swept).isEqualTo(late.size());
        assertThat(Stores.countPages(dynamo.client(), table, "rerun-1")).isZero();
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(day.csv());
    }

    @Test
    void aDayWrittenAsOneEntryItems_beforePages_isStillReadAndPurged() {
        // given a run stored the way the store wrote entries before pages (one item per entry)
        store.beginRun(Stores.daily("run-1", DATE));
        List<WriteRequest> legacy = day.entries().stream().map(e -> WriteRequest.builder().putRequest(p -> p.item(
                EntryItems.toItem(e, "run-1", Keys.shardOf(e.invoiceId(), Stores.SHARDS)))).build()).toList();
        new BatchWriter(dynamo.client(), Stores.settings(table), new Backoff(25, 2_000, new java.util.SplittableRandom(1)),
                millis -> { }).write("legacy entries", legacy);

        // when published (counted), read, replaced and purged
        store.publishRun(DATE, "run-1", day.completion(), day.summary());
        String journal = TestDays.csv(store.journal(DATE));
        store.beginRun(Stores.rerun("rerun-1", DATE));
        writeInPartitions(store, "rerun-1", rerun.entries());
        store.publishRun(DATE, "rerun-1", rerun.completion(), rerun.summary());
        long deleted = 0;
        for (long n = store.purgeEntries(DATE, "run-1", 1_000); n > 0; n = store.purgeEntries(DATE, "run-1", 1_000)) {
            deleted += n;
        }

        // then
        assertThat(journal).isEqualTo(day.csv());
        assertThat(deleted).isEqualTo(day.entries().size());
        assertThat(Stores.countEntries(dynamo.client(), table, "run-1")).isZero();
    }
}
