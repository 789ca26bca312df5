package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.FaultInjectingDynamoDbClient;
import io.ledgerflow.core.adapters.dynamodb.testing.FaultInjectingDynamoDbClient.SimulatedCrash;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.ConcurrentRunException;
import io.ledgerflow.core.store.RunIncompleteException;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs against a real DynamoDB Local: writing, publishing, replacing, crashing, racing, purging. */
@ExtendWith(DynamoDbLocalExtension.class)
class JournalStoreRunTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static Day first;
    static Day second;

    LocalDynamoDb dynamo;
    String table;
    DynamoDbJournalStore store;

    @BeforeAll
    static void journalize() {
        first = TestDays.generate(DATE, 400, 1);
        second = TestDays.generate(DATE, 300, 2);
    }

    @BeforeEach
    void freshTable(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.table = dynamo.freshTable();
        this.store = Stores.store(dynamo.client(), table);
    }

    private void publish(String runId, Day day) {
        store.beginRun(Stores.daily(runId, DATE));
        store.writeEntries(DATE, runId, day.entries());
        store.publishRun(DATE, runId, day.completion(), day.summary());
    }

    @Test
    void publishedRun_isReadBackInCanonicalOrder() {
        // given entries written in a shuffled order, in several calls
        List<JournalEntry> shuffled = new ArrayList<>(first.entries());
        Collections.shuffle(shuffled, new Random(7));
        store.beginRun(Stores.daily("run-1", DATE));
        for (int from = 0; from < shuffled.size(); from += 97) {
            store.writeEntries(DATE, "run-1", shuffled.subList(from, Math.min(shuffled.size(), from + 97)));
        }

        // when
        RunRecord published = store.publishRun(DATE, "run-1", first.completion(), first.summary());

        // then
        assertThat(published.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store.journal(DATE)).isEqualTo(first.entries());
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(first.csv());
    }

    @Test
    void writingTheSameEntriesTwice_changesNothing() {
        // given
        store.beginRun(Stores.daily("run-1", DATE));
        store.writeEntries(DATE, "run-1", first.entries());

        // when
        store.writeEntries(DATE, "run-1", first.entries());
        store.publishRun(DATE, "run-1", first.completion(), first.summary());

        // then
        assertThat(Stores.countEntries(dynamo.client(), table, "run-1")).isEqualTo(first.entries().size());
        assertThat(store.journal(DATE)).isEqualTo(first.entries());
    }

    @Test
    void rerun_isInvisibleUntilPublished_thenReplacesTheDayAtOnce() {
        // given a published day and a rerun that has written everything
        publish("run-1", first);
        store.beginRun(Stores.rerun("rerun-1", DATE));
        store.writeEntries(DATE, "rerun-1", second.entries());

        // then before publishing, readers still see the first run
        assertThat(store.journal(DATE)).isEqualTo(first.entries());

        // when
        store.publishRun(DATE, "rerun-1", second.completion(), second.summary());

        // then
        assertThat(store.journal(DATE)).isEqualTo(second.entries());
        assertThat(store.runs(DATE)).extracting(RunRecord::runId, RunRecord::status, RunRecord::previousRunId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("run-1", RunStatus.SUPERSEDED, null),
                        org.assertj.core.groups.Tuple.tuple("rerun-1", RunStatus.COMPLETED, "run-1"));
        assertThat(store.runs(DATE).get(1).reason()).isEqualTo("corrected site file");
    }

    @Test
    void crashMidRun_leavesPreviousJournalVisible() {
        // given a published day
        publish("run-1", first);

        // when a rerun's process dies after 10 of its page items are written
        var crashing = FaultInjectingDynamoDbClient.crashingAfter(dynamo.client(), 10);
        var doomed = Stores.store(crashing, table);
        doomed.beginRun(Stores.rerun("rerun-1", DATE));
        assertThatThrownBy(() -> doomed.writeEntries(DATE, "rerun-1", second.entries()))
                .isInstanceOf(SimulatedCrash.class);

        // then a fresh process sees the first run, whole
        var survivor = Stores.store(dynamo.client(), table);
        assertThat(survivor.currentRun(DATE)).get().extracting(RunRecord::runId).isEqualTo("run-1");
        assertThat(TestDays.csv(survivor.journal(DATE))).isEqualTo(first.csv());
        assertThat(Stores.countPages(dynamo.client(), table, "rerun-1")).isEqualTo(10);
        assertThat(Stores.countEntries(dynamo.client(), table, "rerun-1")).isBetween(10L, 10L * Stores.PAGE_ENTRIES);
    }

    @Test
    void retryAfterCrash_yieldsExactlyTheRightJournal() {
        // given a rerun that crashed part way
        publish("run-1", first);
        int pages = EntryPages.paginate(DATE, Stores.SHARDS, Stores.PAGE_ENTRIES, second.entries()).size();
        var crashing = FaultInjectingDynamoDbClient.crashingAfter(dynamo.client(), pages / 2);
        var doomed = Stores.store(crashing, table);
        doomed.beginRun(Stores.rerun("rerun-1", DATE));
        assertThatThrownBy(() -> doomed.writeEntries(DATE, "rerun-1", second.entries()))
                .isInstanceOf(SimulatedCrash.class);

        // when the workflow retries the same run in a new process
        RunRecord resumed = store.beginRun(Stores.rerun("rerun-1", DATE));
        store.writeEntries(DATE, "rerun-1", second.entries());
        store.publishRun(DATE, "rerun-1", second.completion(), second.summary());

        // then
        assertThat(resumed.previousRunId()).isEqualTo("run-1");
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(second.csv());
        assertThat(Stores.countEntries(dynamo.client(), table, "rerun-1")).isEqualTo(second.entries().size());
    }

    @Test
    void crashWhilePublishing_leavesPreviousJournalVisible_andThePublishCanBeRetried() {
        // given a rerun whose entries are all written, and a process that dies writing the summary
        publish("run-1", first);
        int entryPages = EntryPages.paginate(DATE, Stores.SHARDS, Stores.PAGE_ENTRIES, second.entries()).size();
        var crashing = FaultInjectingDynamoDbClient.crashingAfter(dynamo.client(), entryPages + 1);
        var doomed = Stores.store(crashing, table);
        doomed.beginRun(Stores.rerun("rerun-1", DATE));
        doomed.writeEntries(DATE, "rerun-1", second.entries());
        assertThatThrownBy(() -> doomed.publishRun(DATE, "rerun-1", second.completion(), second.summary()))
                .isInstanceOf(SimulatedCrash.class);

        // then the first run is still the day's journal
        assertThat(store.journal(DATE)).isEqualTo(first.entries());
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(first.csv());

        // when the publish is retried in a new process
        store.beginRun(Stores.rerun("rerun-1", DATE));
        store.publishRun(DATE, "rerun-1", second.completion(), second.summary());

        // then
        assertThat(store.journal(DATE)).isEqualTo(second.entries());
        assertThat(store.summary(DATE)).isEqualTo(second.summary());
    }

    @Test
    void twoConcurrentRunsForOneDay_exactlyOneWins() throws Exception {
        // given a published day and two reruns begun over it
        publish("run-1", first);
        store.beginRun(Stores.rerun("rerun-a", DATE));
        store.beginRun(Stores.rerun("rerun-b", DATE));

        // when both write and publish at the same time
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RunRecord>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (String runId : List.of("rerun-a", "rerun-b")) {
                Callable<RunRecord> run = () -> {
                    start.await();
                    store.writeEntries(DATE, runId, second.entries());
                    return store.publishRun(DATE, runId, second.completion(), second.summary());
                };
                outcomes.add(pool.submit(run));
            }
            start.countDown();
        }

        // then exactly one published; the other failed saying who won
        List<String> winners = new ArrayList<>();
        List<Throwable> losers = new ArrayList<>();
        for (Future<RunRecord> outcome : outcomes) {
            try {
                winners.add(outcome.get().runId());
            } catch (ExecutionException e) {
                losers.add(e.getCause());
            }
        }
        assertThat(winners).hasSize(1);
        assertThat(losers).singleElement().isInstanceOf(ConcurrentRunException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("began over run run-1", "run " + winners.get(0) + " has been published since");
        assertThat(store.currentRun(DATE)).get().extracting(RunRecord::runId).isEqualTo(winners.get(0));
        String loser = winners.get(0).equals("rerun-a") ? "rerun-b" : "rerun-a";
        assertThat(store.runs(DATE)).filteredOn(r -> r.runId().equals(loser))
                .singleElement().extracting(RunRecord::status).isEqualTo(RunStatus.FAILED);
        assertThat(store.journal(DATE)).isEqualTo(second.entries());
    }

    @Test
    void twoFirstRunsOfADay_exactlyOneWins() {
        // given two runs begun on an empty day
        store.beginRun(Stores.daily("run-a", DATE));
        store.beginRun(Stores.daily("run-b", DATE));
        store.writeEntries(DATE, "run-a", first.entries());
        store.writeEntries(DATE, "run-b", second.entries());

        // when
        store.publishRun(DATE, "run-b", second.completion(), second.summary());

        // then
        assertThatThrownBy(() -> store.publishRun(DATE, "run-a", first.completion(), first.summary()))
                .isInstanceOf(ConcurrentRunException.class)
                .hasMessageContaining("began over no run");
        assertThat(store.journal(DATE)).isEqualTo(second.entries());
    }

    @Test
    void supersededRun_isPurgedInBoundedResumableSteps() {
        // given a run replaced by a rerun
        publish("run-1", first);
        store.beginRun(Stores.rerun("rerun-1", DATE));
        store.writeEntries(DATE, "rerun-1", second.entries());
        store.publishRun(DATE, "rerun-1", second.completion(), second.summary());
        long pages = Stores.countPages(dynamo.client(), table, "run-1");
        assertThat(pages).isGreaterThan(20);

        // when purging at most 10 page items a call until nothing is left
        List<Long> deleted = new ArrayList<>();
        for (int call = 0; call < 100; call++) {
            long n = store.purgeEntries(DATE, "run-1", 10);
            deleted.add(n);
            if (n == 0) {
                break;
            }
        }

        // then
        assertThat(deleted).allMatch(n -> n <= 10).last().isEqualTo(0L);
        assertThat(deleted.stream().mapToLong(Long::longValue).sum()).isEqualTo(pages);
        assertThat(Stores.countEntries(dynamo.client(), table, "run-1")).isZero();
        assertThat(Stores.countItems(dynamo.client(), table, SummaryPages.TYPE_PAGE, "run-1")).isZero();
        assertThat(store.runs(DATE).get(0).status()).isEqualTo(RunStatus.PURGED);
        assertThat(store.journal(DATE)).isEqualTo(second.entries());
        assertThatThrownBy(() -> store.purgeEntries(DATE, "rerun-1", 100)).isInstanceOf(RunStateException.class);
    }

    @Test
    void publish_refusesWhenStoredEntriesAreMissing() {
        // given a run that wrote only half its entries
        publish("run-1", first);
        store.beginRun(Stores.rerun("rerun-1", DATE));
        store.writeEntries(DATE, "rerun-1", second.entries().subList(0, second.entries().size() / 2));

        // when / then
        assertThatThrownBy(() -> store.publishRun(DATE, "rerun-1", second.completion(), second.summary()))
                .isInstanceOf(RunIncompleteException.class)
                .hasMessageContaining("has " + second.entries().size() / 2 + " entries stored but reports "
                        + second.entries().size());
        assertThat(store.journal(DATE)).isEqualTo(first.entries());
    }

    @Test
    void publishedRun_refusesFurtherWrites() {
        // given
        publish("run-1", first);

        // when / then
        assertThatThrownBy(() -> store.writeEntries(DATE, "run-1", second.entries()))
                .isInstanceOf(RunStateException.class)
                .hasMessageContaining("is COMPLETED");
        assertThatThrownBy(() -> store.beginRun(Stores.daily("run-1", DATE)))
                .isInstanceOf(RunStateException.class)
                .hasMessageContaining("a new run needs a new id");
    }

    @Test
    void dayWithoutRuns_hasAnEmptyJournal() {
        assertThat(store.journal(DATE)).isEmpty();
        assertThat(store.currentRun(DATE)).isEmpty();
        assertThat(store.summary(DATE)).isEmpty();
    }
}
