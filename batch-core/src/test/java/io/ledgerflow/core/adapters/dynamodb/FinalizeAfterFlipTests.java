package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.FaultInjectingDynamoDbClient;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ManifestItem;
import io.ledgerflow.core.daily.DailyJournalService.PrepareRequest;
import io.ledgerflow.core.daily.DailyJournalService.Prepared;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.daily.DailyJournalService.WorkerRequest;
import io.ledgerflow.core.daily.DayFinalizer;
import io.ledgerflow.core.daily.DayFinalizer.FinalizeRequest;
import io.ledgerflow.core.daily.DayFinalizer.Finalized;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.store.RunStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
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
    static final String WORK = "ledgerflow-work";
    static final ObjectRef RULES = new ObjectRef("ledgerflow-config", "rules.yaml");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    LocalDynamoDb dynamo;
    String table;
    FaultInjectingDynamoDbClient faults;
    DynamoDbJournalStore store;
    DailyJournalService service;
    DayFinalizer finalizer;
    ObjectStore objects;

    @BeforeEach
    void fresh(LocalDynamoDb dynamo) throws IOException {
        this.dynamo = dynamo;
        this.table = dynamo.freshTable();
        this.faults = new FaultInjectingDynamoDbClient(dynamo.client(), 0, 0, 0);
        this.objects = new FileSystemObjectStore(dir.resolve("s3"));
        this.store = Stores.store(faults, Stores.settings(table), new CopyOnWriteArrayList<>());
        this.service = new DailyJournalService(store, objects);
        this.finalizer = new DayFinalizer(store, objects, DayFinalizer.CleanupLimits.DEFAULTS);
        objects.put(RULES.bucket(), RULES.key(), Files.readAllBytes(TestDays.FIXTURES.resolve("rules.yaml")));
    }

    private Finalized runDay(String runId, long seed, String reason) throws IOException {
        ObjectRef input = new ObjectRef("ledgerflow-input", runId + ".csv");
        StringWriter billing = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, 300, seed, 0.0, 0.1)).write(billing);
        objects.put(input.bucket(), input.key(), billing.toString().getBytes(StandardCharsets.UTF_8));
        Prepared prepared = service.prepare(new PrepareRequest(runId, DATE, input, "UTF-8", RULES, WORK, 100, "test", reason));
        List<ManifestItem> manifest = JSON.readValue(objects.get(prepared.manifest().bucket(), prepared.manifest().key()),
                new TypeReference<List<ManifestItem>>() { });
        service.journalize(new WorkerRequest(runId, DATE, RULES, WORK, manifest), ProgressListener.NONE);
        return finalizer.finalize(new FinalizeRequest(runId, DATE, RULES, WORK, prepared.partitions(), BigDecimal.ONE));
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
        finalizer = new DayFinalizer(store, objects, new DayFinalizer.CleanupLimits(1, 1));

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
        assertThatThrownBy(() -> finalizer.recordFailure(DATE, "rerun-2026-11-20-2", "a worker failed"))
                .isInstanceOf(io.ledgerflow.core.daily.CleanupIncompleteException.class)
                .hasMessageContaining("purge of run rerun-2026-11-20-2");
        assertThat(store.run(DATE, "rerun-2026-11-20-2").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }
}
