package io.ledgerflow.workflows.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectSummary;
import io.ledgerflow.lambdas.Collaborators;
import io.ledgerflow.lambdas.FinalizeDayHandler;
import io.ledgerflow.lambdas.JournalizePartitionsHandler;
import io.ledgerflow.lambdas.PrepareDayHandler;
import io.ledgerflow.lambdas.RecordRunFailureHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.ExportRequest;
import io.ledgerflow.core.close.LedgerExport;
import io.ledgerflow.core.close.LedgerLine;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.lambdas.AdvancePeriodHandler;
import io.ledgerflow.lambdas.CloseDeadlineHandler;
import io.ledgerflow.lambdas.ConsoleLedgerHandler;
import io.ledgerflow.lambdas.ExportLedgerHandler;
import io.ledgerflow.lambdas.LockPeriodHandler;
import io.ledgerflow.lambdas.ReconcileDayHandler;
import io.ledgerflow.lambdas.ReopenPeriodHandler;
import io.ledgerflow.lambdas.VerifyReleaseHandler;
import java.time.YearMonth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs the deployed handlers through a day, a rerun (which purges the replaced run) and a failed
 * run, on the real DynamoDB engine, each with its own recording clients, and checks that what
 * each function really calls is what {@link TemplateIamTests#CALLS} says (and so what the template
 * grants). The object store is recorded at the port, as the S3 calls its adapter makes.
 */
class HandlerCallsFunctionalTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final String INPUT = "ledgerflow-input", CONFIG = "ledgerflow-config", WORK = "ledgerflow-work";

    private static EmbeddedDynamoDb engine;
    private static DynamoDbClient dynamo;

    @TempDir
    Path home;

    @BeforeAll
    static void startEngine() {
        engine = EmbeddedDynamoDb.startInMemory();
        dynamo = engine.newClient(16);
        JournalTable.createIfAbsent(dynamo, JournalTable.DEFAULT_NAME);
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    @Test
    void eachFunction_callsExactlyWhatTheTemplateGrantsIt() throws IOException {
        // given the day's file and the rules in the object store
        ObjectStore objects = new FileSystemObjectStore(home);
        StringWriter csv = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DAY, 3_000, 7, 0.002, 0.1)).write(csv);
        objects.put(INPUT, "daily/" + DAY + "/billing.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        objects.put(CONFIG, "rules/rules.yaml", Files.readAllBytes(TemplateFiles.REPOSITORY.resolve("fixtures/rules.yaml")));
        Recorder prepare = new Recorder(objects), worker = new Recorder(objects), finalize = new Recorder(objects),
                failure = new Recorder(objects);

        // when a day runs, is rerun (Finalize purges the replaced run), and a third run fails after writing
        runDay("daily-" + DAY, prepare, worker, finalize);
        runDay("rerun-" + DAY + "-1", prepare, worker, finalize);
        JsonNode prepared = call(new PrepareDayHandler(prepare.collaborators()), prepareEvent("rerun-" + DAY + "-2"));
        journalize(prepared, "rerun-" + DAY + "-2", worker);
        ObjectNode failed = JSON.createObjectNode().put("runId", "rerun-" + DAY + "-2").put("businessDate", DAY.toString());
        failed.putObject("failure").put("Error", "States.TaskFailed").put("Cause", "a worker crashed");
        call(new RecordRunFailureHandler(failure.collaborators()), failed);

        // then
        assertCalls("ledgerflow-prepare-day", prepare);
        assertCalls("ledgerflow-journalize-partitions", worker);
        assertCalls("ledgerflow-finalize-day", finalize);
        assertCalls("ledgerflow-record-run-failure", failure);
    }

    @Test
    void theCloseFunctions_callExactlyWhatTheTemplateGrantsThem() throws IOException {
        // given a published day of October (another month than the daily test's)
        LocalDate day = LocalDate.of(2026, 10, 20);
        ObjectStore objects = new FileSystemObjectStore(home);
        StringWriter csv = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(day, 2_000, 8, 0.0, 0.1)).write(csv);
        objects.put(INPUT, "daily/" + day + "/billing.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        objects.put(CONFIG, "rules/rules.yaml", Files.readAllBytes(TemplateFiles.REPOSITORY.resolve("fixtures/rules.yaml")));
        Recorder setup = new Recorder(objects);
        runDay(day, "daily-" + day, setup, setup, setup);
        Recorder verify = new Recorder(objects), lock = new Recorder(objects), reconcile = new Recorder(objects),
                advance = new Recorder(objects), export = new Recorder(objects), reopen = new Recorder(objects);
        LedgerExport ledger = new InMemoryLedger();

        // when the month closes step by step (proceeding without an attestation, which is recorded)
        ObjectNode verifyEvent = JSON.createObjectNode().put("month", "2026-10");
        verifyEvent.putObject("proceedWithoutAttestation").put("requestedBy", "test").put("reason", "no CI here");
        call(new VerifyReleaseHandler(verify.closeCollaborators(ledger)), verifyEvent);
        call(new LockPeriodHandler(lock.closeCollaborators(ledger)),
                JSON.createObjectNode().put("month", "2026-10").put("requestedBy", "test"));
        call(new ReconcileDayHandler(reconcile.closeCollaborators(ledger)),
                JSON.createObjectNode().put("businessDate", day.toString()));
        call(new AdvancePeriodHandler(advance.closeCollaborators(ledger)), advanceEvent("CLOSING", "CLOSED"));
        JsonNode exported = call(new ExportLedgerHandler(export.closeCollaborators(ledger)),
                JSON.createObjectNode().put("month", "2026-10").put("company", "1000").put("requestedBy", "test"));
        // MarkExported failing after the export committed: RecordFailure finds the month's content in
        // the ledger, so the month stays CLOSED with the batch on record
        ObjectNode afterCommit = JSON.createObjectNode().put("month", "2026-10").put("requestedBy", "test");
        afterCommit.putObject("failure").put("Error", "Lambda.ServiceException").put("Cause", "after the commit");
        assertThat(call(new ReopenPeriodHandler(reopen.closeCollaborators(ledger)), afterCommit).get("state").asText())
                .isEqualTo("CLOSED");
        call(new AdvancePeriodHandler(advance.closeCollaborators(ledger)), advanceEvent("CLOSED", "EXPORTED")
                .put("batchId", exported.get("batchId").asLong()));
        // a refused step reads the state to name it; a failure before any lock notes it on the month
        assertThatThrownBy(() -> call(new AdvancePeriodHandler(advance.closeCollaborators(ledger)),
                advanceEvent("CLOSING", "CLOSED"))).hasMessageContaining("is EXPORTED");
        ObjectNode failed = JSON.createObjectNode().put("month", "2026-09").put("requestedBy", "test");
        failed.putObject("failure").put("Error", "States.TaskFailed").put("Cause", "refused");
        call(new ReopenPeriodHandler(reopen.closeCollaborators(ledger)), failed);
        // the console's ledger function: the export back (too large for its answer here: written to
        // the work bucket), then a reopen by a person
        Recorder consoleLedger = new Recorder(objects);
        ConsoleLedgerHandler console = new ConsoleLedgerHandler(consoleLedger.closeCollaborators(ledger),
                new ConsoleLedgerHandler.Exports(consoleLedger.objects(), WORK, 16));
        JsonNode download = call(console, JSON.createObjectNode().put("operation", "GL_EXPORT").put("month", "2026-10"));
        JsonNode reopened = call(console, JSON.createObjectNode().put("operation", "REOPEN").put("month", "2026-10")
                .put("reason", "late credit note").put("requestedBy", "keiko.tanaka@example.co.jp"));

        // then
        assertThat(download.get("exportKey").asText()).startsWith("console-exports/2026-10/batch-");
        assertThat(objects.get(WORK, download.get("exportKey").asText())).asString(StandardCharsets.UTF_8)
                .startsWith("period,accounting_date,");
        assertThat(reopened.get("was").asText()).isEqualTo("EXPORTED");
        assertThat(reopened.get("refused").isNull()).isTrue();
        assertCalls("ledgerflow-console-ledger", consoleLedger);
        assertThat(exported.get("rowCount").asInt()).isPositive();
        assertCalls("ledgerflow-verify-release", verify);
        assertCalls("ledgerflow-lock-period", lock);
        assertCalls("ledgerflow-reconcile-day", reconcile);
        assertCalls("ledgerflow-advance-period", advance);
        assertCalls("ledgerflow-export-ledger", export);
        assertCalls("ledgerflow-reopen-period", reopen);
    }

    @Test
    void theCloseDeadlineCheck_callsExactlyWhatTheTemplateGrantsIt_andWritesItsMetric() throws IOException {
        // given the 9th business day of December 2026 and November never closed
        Recorder deadline = new Recorder(new FileSystemObjectStore(home));
        java.io.ByteArrayOutputStream metric = new java.io.ByteArrayOutputStream();
        java.util.Map<String, String> environment = java.util.Map.of("LEDGERFLOW_CLOSE_BUSINESS_DAY", "5",
                "LEDGERFLOW_ZONE", "Asia/Tokyo", "LEDGERFLOW_HOLIDAYS", "", "LEDGERFLOW_STACK", "ledgerflow");
        Clock clock = Clock.fixed(java.time.Instant.parse("2026-12-11T01:00:00Z"), java.time.ZoneOffset.UTC);

        // when the schedule runs the check
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CloseDeadlineHandler(deadline.store(), clock, environment::get,
                new java.io.PrintStream(metric, true, StandardCharsets.UTF_8))
                .handleRequest(new ByteArrayInputStream("{\"trigger\":\"schedule\"}".getBytes(StandardCharsets.UTF_8)), out, null);

        // then it read the period (GetItem) and nothing else, and reported November overdue
        assertCalls("ledgerflow-close-deadline", deadline);
        JsonNode result = JSON.readTree(out.toByteArray());
        assertThat(result.get("month").asText()).isEqualTo("2026-11");
        assertThat(result.get("overdue").asBoolean()).isTrue();
        JsonNode emf = JSON.readTree(metric.toString(StandardCharsets.UTF_8).trim());
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo(CloseDeadlineHandler.NAMESPACE);
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo(CloseDeadlineHandler.METRIC);
        assertThat(emf.get(CloseDeadlineHandler.METRIC).asInt()).isEqualTo(1);
        assertThat(emf.get("Stack").asText()).isEqualTo("ledgerflow");
    }

    private static ObjectNode advanceEvent(String from, String to) {
        return JSON.createObjectNode().put("month", "2026-10").put("from", from).put("to", to)
                .put("requestedBy", "test").put("reason", "");
    }

    /** The ledger database is not an AWS call: kept in memory here (its adapter is tested on PostgreSQL). */
    private static final class InMemoryLedger implements LedgerExport {
        private final java.util.Map<YearMonth, ExportBatch> batches = new java.util.HashMap<>();

        @Override
        public String ledger() {
            return "MAIN";
        }

        private final java.util.Map<YearMonth, List<LedgerLine>> lines = new java.util.HashMap<>();

        @Override
        public ExportBatch export(ExportRequest request) {
            lines.putIfAbsent(request.month(), request.lines());
            return batches.computeIfAbsent(request.month(), m -> new ExportBatch(1, "MAIN", m, request.lines().size(),
                    request.requestedBy(), java.time.Instant.now(), true));
        }

        @Override
        public List<ExportBatch> batches(YearMonth month) {
            return batches.containsKey(month) ? List.of(batches.get(month)) : List.of();
        }

        @Override
        public List<LedgerLine> lines(YearMonth month) {
            return lines.getOrDefault(month, List.of());
        }
    }

    private void runDay(String runId, Recorder prepare, Recorder worker, Recorder finalize) throws IOException {
        runDay(DAY, runId, prepare, worker, finalize);
    }

    private void runDay(LocalDate day, String runId, Recorder prepare, Recorder worker, Recorder finalize) throws IOException {
        JsonNode prepared = call(new PrepareDayHandler(prepare.collaborators()), prepareEvent(day, runId));
        journalize(day, prepared, runId, worker);
        ObjectNode event = JSON.createObjectNode().put("runId", runId).put("businessDate", day.toString())
                .put("workBucket", WORK).put("partitions", prepared.get("partitions").asInt()).put("maxRejectPercent", 5);
        event.putObject("rules").put("bucket", CONFIG).put("key", "rules/rules.yaml");
        JsonNode finalized = call(new FinalizeDayHandler(finalize.collaborators()), event);
        assertThat(finalized.get("runId").asText()).isEqualTo(runId);
    }

    private void journalize(JsonNode prepared, String runId, Recorder worker) throws IOException {
        journalize(DAY, prepared, runId, worker);
    }

    private void journalize(LocalDate day, JsonNode prepared, String runId, Recorder worker) throws IOException {
        JsonNode manifest = prepared.get("manifest");
        ArrayNode items = (ArrayNode) JSON.readTree(new FileSystemObjectStore(home).get(manifest.get("bucket").asText(),
                manifest.get("key").asText()));
        assertThat(items.size()).as("partitions of a 3,000-line day").isGreaterThan(2);
        ObjectNode batch = JSON.createObjectNode();
        batch.set("Items", items);
        ObjectNode run = batch.putObject("BatchInput").put("runId", runId).put("businessDate", day.toString())
                .put("workBucket", WORK);
        run.putObject("rules").put("bucket", CONFIG).put("key", "rules/rules.yaml");
        call(new JournalizePartitionsHandler(worker.collaborators()), batch);
    }

    private static ObjectNode prepareEvent(String runId) {
        return prepareEvent(DAY, runId);
    }

    private static ObjectNode prepareEvent(LocalDate day, String runId) {
        ObjectNode event = JSON.createObjectNode().put("runId", runId).put("businessDate", day.toString())
                .put("encoding", "UTF-8").put("workBucket", WORK).put("partitionLines", 500)
                .put("requestedBy", "test").put("reason", "handler calls test");
        event.putObject("input").put("bucket", INPUT).put("key", "daily/" + day + "/billing.csv");
        event.putObject("rules").put("bucket", CONFIG).put("key", "rules/rules.yaml");
        return event;
    }

    private static JsonNode call(RequestStreamHandler handler, JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static void assertCalls(String function, Recorder recorder) {
        assertThat(new TreeSet<>(recorder.calls))
                .as("AWS calls %s made; TemplateIamTests.CALLS lists (and template.yaml grants)", function)
                .isEqualTo(new TreeSet<>(TemplateIamTests.CALLS.get(function)));
    }

    /** One function's clients: DynamoDB through a recording proxy, S3 recorded at the object-store port. */
    private static final class Recorder {
        final Set<String> calls = new ConcurrentSkipListSet<>();
        private final ObjectStore objects;

        Recorder(ObjectStore objects) {
            this.objects = objects;
        }

        /** The object store alone, recorded. */
        ObjectStore objects() {
            return recordingObjects();
        }

        /** The journal store alone, recorded (for handlers that need nothing else). */
        DynamoDbJournalStore store() {
            return recordingStore();
        }

        Collaborators collaborators() {
            return new Collaborators(new DailyJournalService(recordingStore(), recordingObjects()), ProgressListener.NONE);
        }

        /** The same, with the monthly close on the recording store and object store. */
        Collaborators closeCollaborators(LedgerExport ledger) {
            DynamoDbJournalStore store = recordingStore();
            ObjectStore recordedObjects = recordingObjects();
            return new Collaborators(new DailyJournalService(store, recordedObjects), ProgressListener.NONE,
                    new MonthClose(store, new Attestations(recordedObjects, CONFIG), () -> ledger));
        }

        private DynamoDbJournalStore recordingStore() {
            DynamoDbClient recording = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                    new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                        if (!Set.of("serviceName", "serviceClientConfiguration", "close", "toString", "hashCode", "equals")
                                .contains(method.getName())) {
                            // The request or the Consumer<Builder> form: the real client's default
                            // method then calls the real client, not this proxy, so each call counts once.
                            calls.add("DynamoDbClient." + method.getName());
                        }
                        try {
                            return method.invoke(dynamo, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return new DynamoDbJournalStore(recording, DynamoDbStoreSettings.defaults(JournalTable.DEFAULT_NAME),
                    Clock.systemUTC());
        }

        /** The port's methods are the S3 adapter's calls one for one (S3ObjectStore). */
        private ObjectStore recordingObjects() {
            return new ObjectStore() {
                @Override
                public InputStream open(String bucket, String key) {
                    calls.add("S3Client.getObject");
                    return objects.open(bucket, key);
                }

                @Override
                public void put(String bucket, String key, byte[] content) {
                    calls.add("S3Client.putObject");
                    objects.put(bucket, key, content);
                }

                @Override
                public long size(String bucket, String key) {
                    calls.add("S3Client.headObject");
                    return objects.size(bucket, key);
                }

                @Override
                public void put(String bucket, String key, InputStream content, long length) {
                    calls.add("S3Client.putObject");
                    objects.put(bucket, key, content, length);
                }

                @Override
                public List<ObjectSummary> list(String bucket, String prefix, String startAfter, int keysMax) {
                    calls.add("S3Client.listObjectsV2");
                    return objects.list(bucket, prefix, startAfter, keysMax);
                }
            };
        }
    }
}
