package io.ledgerflow.core.adapters.dynamodb;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;

/**
 * A day's run played step by step as the daily workflow's states call them (Prepare, Journalize,
 * Finalize), on a store and an object store that holds the rules: for tests that act between the
 * steps (a purge that fails after the flip, a worker whose writes land late).
 */
final class DailySteps {

    static final String WORK = "ledgerflow-work";
    static final ObjectRef RULES = new ObjectRef("ledgerflow-config", "rules.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    final LocalDate date;
    final ObjectStore objects;
    final DailyJournalService service;
    /** Finalize's step; a test may give it other cleanup limits. */
    DayFinalizer finalizer;

    DailySteps(LocalDate date, DynamoDbJournalStore store, ObjectStore objects) throws IOException {
        this.date = date;
        this.objects = objects;
        this.service = new DailyJournalService(store, objects);
        this.finalizer = new DayFinalizer(store, objects, DayFinalizer.CleanupLimits.DEFAULTS);
        objects.put(RULES.bucket(), RULES.key(), Files.readAllBytes(TestDays.FIXTURES.resolve("rules.yaml")));
    }

    /** Stores a generated billing file of {@code records} lines (10 % of them with an unknown product) under {@code key}. */
    ObjectRef putBilling(String key, int records, long seed) throws IOException {
        ObjectRef input = new ObjectRef("ledgerflow-input", key);
        StringWriter billing = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, 0.0, 0.1)).write(billing);
        objects.put(input.bucket(), input.key(), billing.toString().getBytes(StandardCharsets.UTF_8));
        return input;
    }

    Prepared prepare(String runId, ObjectRef input, int partitionLines, String reason) {
        return service.prepare(new PrepareRequest(runId, date, input, "UTF-8", RULES, WORK, partitionLines, "test", reason));
    }

    /** The partitions Prepare wrote: the Distributed Map's items. */
    List<ManifestItem> manifest(Prepared prepared) throws IOException {
        return JSON.readValue(objects.get(prepared.manifest().bucket(), prepared.manifest().key()),
                new TypeReference<List<ManifestItem>>() { });
    }

    void journalize(String runId, List<ManifestItem> partitions) {
        service.journalize(new WorkerRequest(runId, date, RULES, WORK, partitions), ProgressListener.NONE);
    }

    Finalized finalize(String runId, Prepared prepared) {
        return finalizer.finalize(new FinalizeRequest(runId, date, RULES, WORK, prepared.partitions(), BigDecimal.ONE));
    }

    /** The three steps in order, as a run that nothing interrupts. */
    Finalized run(String runId, ObjectRef input, int partitionLines, String reason) throws IOException {
        Prepared prepared = prepare(runId, input, partitionLines, reason);
        journalize(runId, manifest(prepared));
        return finalize(runId, prepared);
    }
}
