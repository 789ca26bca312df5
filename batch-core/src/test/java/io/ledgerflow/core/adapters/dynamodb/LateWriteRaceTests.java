package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.GatedDynamoDbClient;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.daily.DailyJournalService.ManifestItem;
import io.ledgerflow.core.daily.DailyJournalService.Prepared;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.SummaryLine;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race a Distributed Map that fails at once opens (AWS's behaviour): RecordFailure marks the
 * run FAILED and purges it while a worker is still inside its Lambda call, so the worker's writes
 * land after the purge. Played with the real daily steps on DynamoDB Local; the slow worker is a
 * client that holds the run's batch writes back, inside the call, until the test lets them go.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class LateWriteRaceTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static final ObjectRef INPUT = new ObjectRef("ledgerflow-input", "d.csv");

    @TempDir
    Path dir;

    LocalDynamoDb dynamo;
    String table;
    GatedDynamoDbClient gated;
    DynamoDbJournalStore store;
    ObjectStore objects;
    DailySteps steps;

    @BeforeEach
    void fresh(LocalDynamoDb dynamo) throws IOException {
        this.dynamo = dynamo;
        this.table = dynamo.freshTable();
        this.gated = new GatedDynamoDbClient(dynamo.client());
        this.objects = new FileSystemObjectStore(dir.resolve("s3"));
        // the default write concurrency: 8 batches of one worker in flight at once; pages of one
        // entry, so that the worker's one partition makes many more batches than that
        this.store = Stores.store(gated, DynamoDbStoreSettings.defaults(table).withShards(Stores.SHARDS).withPageEntriesMax(1),
                new java.util.concurrent.CopyOnWriteArrayList<>());
        this.steps = new DailySteps(DATE, store, objects);
        steps.putBilling(INPUT.key(), 2_000, 31);
    }

    /** Prepare: one partition holding the whole day, so one worker writes many batches. */
    private Prepared prepare(String runId) {
        return steps.prepare(runId, INPUT, 100_000, "race");
    }

    private List<ManifestItem> manifest(Prepared prepared) throws IOException {
        return steps.manifest(prepared);
    }

    private void journalize(String runId, List<ManifestItem> partitions) {
        steps.journalize(runId, partitions);
    }

    private void publishDay(String runId) throws IOException {
        steps.run(runId, INPUT, 100_000, "race");
    }

    /**
     * Starts {@code runId}'s worker with its writes held back and waits until the default 8 batch
     * writes are waiting inside their calls: past every check the store makes before sending.
     */
    private Future<?> slowWorker(ExecutorService pool, String runId, List<ManifestItem> partitions) throws Exception {
        gated.hold(runId);
        Future<?> worker = pool.submit(() -> journalize(runId, partitions));
        assertThat(gated.awaitHeld(8, 30)).as("the slow worker's batch writes are under way").isTrue();
        return worker;
    }

    /**
     * Lets the held batches through once the worker's last read of its run's status is older than
     * {@link RunStartedCheck#REUSE_MILLIS_MAX}. That read, made before the batches were held, serves
     * the worker's lanes that long, so a batch sent within it may land after the purge too (the
     * sweep removes it): the bound below, the held batches and no more, holds from then on.
     */
    private void releaseAfterTheCheckIsStale() throws InterruptedException {
        Thread.sleep(RunStartedCheck.REUSE_MILLIS_MAX + 1);
        gated.release();
    }

    private long entriesOf(String runId) {
        return Stores.countEntries(dynamo.client(), table, runId);
    }

    private String trialBalance() {
        StringWriter out = new StringWriter();
        store.trialBalance(DATE).write(out);
        return out.toString();
    }

    @Test
    void slowWorker_writingAfterRecordFailurePurgedTheRun_neverReachesTheDay_andTheNextFinalizeSweepsIt() throws Exception {
        // given a published day, and a rerun whose map failed while its slow worker was still writing
        publishDay("daily-1");
        String before = TestDays.csv(store.journal(DATE));
        List<SummaryLine> summaryBefore = store.summary(DATE);
        String trialBalanceBefore = trialBalance();
        Prepared rerun = prepare("rerun-1");
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<?> worker = slowWorker(pool, "rerun-1", manifest(rerun));

            // when RecordFailure marks the run failed and purges it, and then the worker's writes land
            steps.finalizer.recordFailure(DATE, "rerun-1", "States.ExceedToleratedFailureThreshold: a partition failed");
            assertThat(runStatus("rerun-1")).isEqualTo(RunStatus.PURGED);
            releaseAfterTheCheckIsStale();
            Throwable outcome = outcomeOf(worker);

            // then the writes already in flight landed after the purge (the race is real) ...
            long leftovers = entriesOf("rerun-1");
            assertThat(leftovers).as("entries of rerun-1 written after its purge").isPositive();
            // ... but the worker wrote no further batch: each batch checks the run is still STARTED
            assertThat(outcome).as("the slow worker's remaining batches").isInstanceOf(RunStateException.class);
            assertThat(leftovers).isLessThanOrEqualTo(8 * BatchWriter.BATCH_ITEMS_MAX);
        }
        // and nothing of them is read as the day's
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(before);
        assertThat(store.summary(DATE)).isEqualTo(summaryBefore);
        assertThat(trialBalance()).isEqualTo(trialBalanceBefore);
        assertThat(store.runs(DATE)).extracting(RunRecord::runId, RunRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("daily-1", RunStatus.COMPLETED),
                        org.assertj.core.groups.Tuple.tuple("rerun-1", RunStatus.PURGED));

        // when the day is run again
        publishDay("rerun-2");

        // then its finalize swept the leftovers of the failed run, and the day is the new run's
        assertThat(entriesOf("rerun-1")).as("leftovers of rerun-1 after the next finalize").isZero();
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(before);
        assertThat(store.currentRun(DATE).orElseThrow().runId()).isEqualTo("rerun-2");
    }

    @Test
    void slowWorker_ofARunThatFailedAfterAnotherRunPublishedTheDay_isNeverReadByTheClose_andIsSweptByTheNextFinalize()
            throws Exception {
        // given two reruns of a published day: rerun-1's slow worker is still writing when rerun-2
        // publishes (its finalize has nothing of rerun-1 to sweep yet), then rerun-1 fails and is purged
        publishDay("daily-1");
        Prepared slow = prepare("rerun-1");
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<?> worker = slowWorker(pool, "rerun-1", manifest(slow));
            Prepared rerun = prepare("rerun-2");
            journalize("rerun-2", manifest(rerun));
            steps.finalize("rerun-2", rerun);
            steps.finalizer.recordFailure(DATE, "rerun-1", "States.ExceedToleratedFailureThreshold: a partition failed");
            releaseAfterTheCheckIsStale();
            assertThat(outcomeOf(worker)).isInstanceOf(RunStateException.class);
        }
        long leftovers = entriesOf("rerun-1");
        assertThat(leftovers).as("entries of rerun-1 written after its purge").isBetween(1L, 8L * BatchWriter.BATCH_ITEMS_MAX);
        String published = TestDays.csv(store.journal(DATE));

        // when the month's close reconciles the day
        MonthClose close = new MonthClose(store, new Attestations(objects, "ledgerflow-config"), () -> {
            throw new AssertionError("reconciling never touches the ledger database");
        });
        MonthClose.DayReconciled reconciled = close.reconcileDay(DATE);

        // then it sees rerun-2 alone: the leftovers are not the day's
        assertThat(reconciled.runId()).isEqualTo("rerun-2");
        assertThat(reconciled.entries()).isEqualTo(store.currentRun(DATE).orElseThrow().completion().entries());

        // and when the day is run again, its finalize sweeps them
        publishDay("rerun-3");
        assertThat(entriesOf("rerun-1")).as("leftovers of rerun-1 after the next finalize").isZero();
        assertThat(TestDays.csv(store.journal(DATE))).isEqualTo(published);
    }

    private RunStatus runStatus(String runId) {
        return store.runs(DATE).stream().filter(r -> r.runId().equals(runId))
                .findFirst().orElseThrow().status();
    }

    /** The worker's failure, or null when it finished normally. */
    private static Throwable outcomeOf(Future<?> worker) throws Exception {
        try {
            worker.get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
