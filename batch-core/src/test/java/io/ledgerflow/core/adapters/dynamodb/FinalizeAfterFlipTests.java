package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.FaultInjectingDynamoDbClient;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.daily.DayFinalizer;
import io.ledgerflow.core.daily.DayFinalizer.Finalized;
import io.ledgerflow.core.store.RunStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finalize after the pointer flip: the flip is the publish, so a purge of the replaced run that
 * fails afterwards must not fail the run (DynamoDB Local, a client that refuses deletes on demand).
 */
@ExtendWith(DynamoDbLocalExtension.class)
class FinalizeAfterFlipTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");

    @TempDir
    Path dir;

    LocalDynamoDb dynamo;
    String table;
    FaultInjectingDynamoDbClient faults;
    DynamoDbJournalStore store;
    DailySteps steps;

    @BeforeEach
    void fresh(LocalDynamoDb dynamo) throws IOException {
        this.dynamo = dynamo;
        this.table = dynamo.freshTable();
        this.faults = new FaultInjectingDynamoDbClient(dynamo.client(), 0, 0, 0);
        this.store = Stores.store(faults, Stores.settings(table), new CopyOnWriteArrayList<>());
        this.steps = new DailySteps(DATE, store, new FileSystemObjectStore(dir.resolve("s3")));
    }

    private Finalized runDay(String runId, long seed, String reason) throws IOException {
        return steps.run(runId, steps.putBilling(runId + ".csv", 300, seed), 100, reason);
    }

    @Test
    void finalize_succeeds_whenThePurgeOfTheReplacedRunFailsAfterTheFlip_andReportsWhatIsLeft() throws IOException {
        // given a published day, and a rerun whose purge of the replaced run will fail
        runDay("daily-2026-11-20", 1, "daily run");
        faults.refuseDeletes(true);

        // when the rerun finalizes
        Finalized rerun = runDay("rerun-2026-11-20-1", 2, "corrected file");

        // then the rerun is published and current (the flip is the publish), and the result says
        // truthfully that the replaced run's entries are still to be purged
        assertThat(store.currentRun(DATE).orElseThrow().runId()).isEqualTo("rerun-2026-11-20-1");
        assertThat(rerun.replacedRunId()).isEqualTo("daily-2026-11-20");
        assertThat(rerun.purgedItems()).isZero();
        assertThat(rerun.cleanupFailure()).contains("injected: a batch of deletes failed");
        assertThat(store.runs(DATE)).filteredOn(r -> r.runId().equals("daily-2026-11-20"))
                .extracting(r -> r.status()).containsExactly(RunStatus.SUPERSEDED);
        assertThat(Stores.countEntries(dynamo.client(), table, "daily-2026-11-20")).isPositive();

        // and once deletes work again, the day's next sweep removes the leftovers
        faults.refuseDeletes(false);
        store.sweepLeftovers(DATE, 10_000, 10);
        assertThat(Stores.countEntries(dynamo.client(), table, "daily-2026-11-20")).isZero();
        assertThat(store.runs(DATE)).filteredOn(r -> r.runId().equals("daily-2026-11-20"))
                .extracting(r -> r.status()).containsExactly(RunStatus.PURGED);
    }

    @Test
    void finalize_reportsAPurgeThatHitItsRoundLimit_asAnError_notASilentStop() throws IOException {
        // given a published day (its pages: several per shard with Stores' small pages), and a
        // finalizer allowed one round of one item per purge
        runDay("daily-2026-11-20", 1, "daily run");
        long pages = Stores.countPages(dynamo.client(), table, "daily-2026-11-20");
        assertThat(pages).isGreaterThan(1);
        steps.finalizer = new DayFinalizer(store, steps.objects, new DayFinalizer.CleanupLimits(1, 1));

        // when a rerun finalizes
        Finalized rerun = runDay("rerun-2026-11-20-1", 2, "corrected file");

        // then the rerun is published, and the result names the purge that stopped with items left
        assertThat(store.currentRun(DATE).orElseThrow().runId()).isEqualTo("rerun-2026-11-20-1");
        assertThat(rerun.purgedItems()).isEqualTo(1);
        assertThat(rerun.cleanupFailure())
                .startsWith(io.ledgerflow.core.daily.CleanupIncompleteException.class.getName())
                .contains("purge of run daily-2026-11-20 for 2026-11-20 stopped after 1 rounds of at most 1 items");
        assertThat(Stores.countPages(dynamo.client(), table, "daily-2026-11-20")).isEqualTo(pages - 1);

        // and a failed run whose purge hits the limit fails the failure step, loudly
        store.beginRun(Stores.rerun("rerun-2026-11-20-2", DATE));
        store.writeEntries(DATE, "rerun-2026-11-20-2", TestDays.generate(DATE, 100, 3).entries());
        assertThatThrownBy(() -> steps.finalizer.recordFailure(DATE, "rerun-2026-11-20-2", "a worker failed"))
                .isInstanceOf(io.ledgerflow.core.daily.CleanupIncompleteException.class)
                .hasMessageContaining("purge of run rerun-2026-11-20-2");
        assertThat(store.run(DATE, "rerun-2026-11-20-2").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }
}
