package io.ledgerflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.PrepareRequest;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.template.FunctionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function of {@code workflows/template.yaml}, once, as Lambda runs it: deployed from the
 * template (its Handler string, variables, timeout) on the embedded engines, loaded and invoked by
 * AWS's Lambda Java runtime interface client with an event from {@code src/test/resources/events/},
 * through the S3 endpoint (S3Proxy), DynamoDB Local and, for the export, the local secrets
 * extension and PostgreSQL. The functions run in the order a day and its month's close call them,
 * on one home.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplateFunctionsFunctionalTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.parse("2026-10-01");
    private static final int RECORDS = 300;

    @TempDir
    static Path home;
    private LocalLedger ledger;
    private LambdaFunctions functions;
    private final Set<String> tested = new TreeSet<>();
    private JsonNode prepared;

    @BeforeAll
    void deploy() throws IOException {
        ledger = LocalLedger.open(home);
        functions = ledger.functions(ProgressListener.NONE);
        try (InputStream rules = getClass().getClassLoader().getResourceAsStream("ledgerflow/rules.yaml")) {
            ledger.objects().put(LocalLedger.CONFIG_BUCKET, "rules/rules.yaml", rules.readAllBytes());
        }
        StringWriter day = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DAY, RECORDS, 11, 0, 0.1)).write(day);
        ledger.objects().put(LocalLedger.INPUT_BUCKET, "daily/2026-10-01/site-a.csv", day.toString().getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    void undeploy() {
        ledger.close();
    }

    private JsonNode invoke(String logicalId, JsonNode event) {
        tested.add(logicalId);
        return functions.invoke(function(logicalId).arn(), event, "TemplateFunctionsFunctionalTests");
    }

    private static FunctionSpec function(String logicalId) {
        return LocalLedger.stack().functions().stream().filter(f -> f.logicalId().equals(logicalId))
                .findFirst().orElseThrow(() -> new AssertionError("the template declares no " + logicalId));
    }

    private ObjectNode event(String logicalId) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("events/" + logicalId + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    @Order(1)
    void prepareDay_splitsTheDayAndRegistersTheRun() throws IOException {
        prepared = invoke("PrepareDayFunction", event("PrepareDayFunction"));
        assertThat(prepared.path("runId").asText()).isEqualTo("fn-2026-10-01");
        assertThat(prepared.path("lines").asLong()).isEqualTo(RECORDS);
        assertThat(prepared.path("partitions").asInt()).isPositive();
        assertThat(ledger.objects().list(LocalLedger.WORK_BUCKET, "runs/fn-2026-10-01/partitions/", "", 1000))
                .hasSize(prepared.path("partitions").asInt());
    }

    @Test
    @Order(2)
    void journalizePartitions_writesTheEntriesOfItsBatch() throws IOException {
        ObjectNode event = event("JournalizePartitionsFunction");
        ObjectRef manifest = JSON.treeToValue(prepared.path("manifest"), ObjectRef.class);
        try (InputStream in = ledger.objects().open(manifest.bucket(), manifest.key())) {
            event.set("Items", (ArrayNode) JSON.readTree(in));
        }
        JsonNode result = invoke("JournalizePartitionsFunction", event);
        assertThat(result.path("linesRead").asLong()).isEqualTo(RECORDS);
        assertThat(result.path("entries").asLong()).isPositive();
    }

    @Test
    @Order(3)
    void finalizeDay_publishesTheRun() throws IOException {
        ObjectNode event = event("FinalizeDayFunction").put("partitions", prepared.path("partitions").asInt());
        JsonNode result = invoke("FinalizeDayFunction", event);
        assertThat(result.path("linesRead").asLong()).isEqualTo(RECORDS);
        assertThat(ledger.store().currentRun(DAY)).hasValueSatisfying(run -> assertThat(run.runId()).isEqualTo("fn-2026-10-01"));
    }

    @Test
    @Order(4)
    void recordRunFailure_marksTheRunFailedAndPurgesIt() throws IOException {
        new DailyJournalService(ledger.store(), ledger.objects()).prepare(new PrepareRequest("fn-2026-09-30",
                LocalDate.parse("2026-09-30"), new ObjectRef(LocalLedger.INPUT_BUCKET, "daily/2026-10-01/site-a.csv"), "UTF-8",
                new ObjectRef(LocalLedger.CONFIG_BUCKET, "rules/rules.yaml"), LocalLedger.WORK_BUCKET, 100, "function-test", "x"));
        JsonNode result = invoke("RecordRunFailureFunction", event("RecordRunFailureFunction"));
        assertThat(result.path("runId").asText()).isEqualTo("fn-2026-09-30");
        assertThat(ledger.store().runs(LocalDate.parse("2026-09-30")))
                .anySatisfy(run -> assertThat(run.status().name()).isEqualTo("PURGED"));
    }

    @Test
    @Order(5)
    void startDay_ignoresAnObjectThatIsNoDaysFile() throws IOException {
        JsonNode result = invoke("StartDayFunction", event("StartDayFunction"));
        assertThat(result.path("status").asText()).isEqualTo("IGNORED");
    }

    @Test
    @Order(6)
    void verifyRelease_recordsTheOverride() throws IOException {
        JsonNode result = invoke("VerifyReleaseFunction", event("VerifyReleaseFunction"));
        assertThat(result.path("attested").asBoolean()).isFalse();
        assertThat(ledger.store().period(YearMonth.of(2026, 10)).history())
                .anySatisfy(e -> assertThat(e.reason()).contains("each function of the template"));
    }

    @Test
    @Order(7)
    void lockPeriod_movesTheMonthToClosing() throws IOException {
        JsonNode result = invoke("LockPeriodFunction", event("LockPeriodFunction"));
        assertThat(result.path("days")).extracting(JsonNode::toString).asString().contains("2026-10-01");
        assertThat(ledger.store().periodState(YearMonth.of(2026, 10))).isEqualTo(PeriodState.CLOSING);
    }

    @Test
    @Order(8)
    void reconcileDay_checksTheDaysSummaryAgainstItsEntries() throws IOException {
        JsonNode result = invoke("ReconcileDayFunction", event("ReconcileDayFunction"));
        assertThat(result.path("runId").asText()).isEqualTo("fn-2026-10-01");
        assertThat(result.path("entries").asLong()).isPositive();
    }

    @Test
    @Order(9)
    void advancePeriod_closesTheMonth() throws IOException {
        JsonNode result = invoke("AdvancePeriodFunction", event("AdvancePeriodFunction"));
        assertThat(result.path("state").asText()).isEqualTo("CLOSED");
    }

    @Test
    @Order(10)
    void exportLedger_readsItsSecretThroughTheExtensionAndWritesTheBatch() throws IOException {
        JsonNode result = invoke("ExportLedgerFunction", event("ExportLedgerFunction"));
        assertThat(result.path("batchId").asLong()).isPositive();
        assertThat(result.path("rowCount").asInt()).isPositive();
    }

    @Test
    @Order(11)
    void reopenPeriod_afterTheExportCommitted_readsTheLedgerThroughItsSecret_andLeavesTheMonthClosedWithTheBatch()
            throws IOException {
        // RecordFailure after the export above committed (as when MarkExported fails): the ledger is
        // the truth, so the month stays CLOSED with the batch on its record
        JsonNode result = invoke("ReopenPeriodFunction", event("ReopenPeriodFunction"));
        assertThat(result.path("state").asText()).isEqualTo("CLOSED");
        java.time.YearMonth month = java.time.YearMonth.from(DAY);
        assertThat(ledger.store().period(month).exportBatches())
                .containsExactly(ledger.ledger().batch(month).orElseThrow().batchId());
    }

    @Test
    @Order(12)
    void consoleLedger_readsTheExportBackAsGlExportDoes_thenReopensTheMonthWithWhoAndWhy() throws IOException {
        java.time.YearMonth month = java.time.YearMonth.from(DAY);
        java.io.StringWriter cli = new java.io.StringWriter();
        io.ledgerflow.core.close.LedgerExportCsv.write(ledger.ledger().lines(month), cli);

        JsonNode export = invoke("ConsoleLedgerFunction", event("ConsoleLedgerFunction"));
        JsonNode reopened = invoke("ConsoleLedgerFunction", JSON.createObjectNode().put("operation", "REOPEN")
                .put("month", month.toString()).put("reason", "late credit note").put("requestedBy", "keiko@example.co.jp"));

        assertThat(export.path("exported").asBoolean()).isTrue();
        assertThat(export.path("csv").asText()).isEqualTo(cli.toString());
        assertThat(reopened.path("was").asText()).isEqualTo("CLOSED");
        assertThat(ledger.store().periodState(month)).isEqualTo(PeriodState.OPEN);
        assertThat(ledger.store().period(month).history()).last()
                .satisfies(e -> assertThat(e.by()).isEqualTo("keiko@example.co.jp"))
                .satisfies(e -> assertThat(e.reason()).endsWith("late credit note"));
    }

    @Test
    @Order(13)
    void migrateLedger_readsTheOwnersSecretAndFindsTheSchemaCurrent() throws IOException {
        JsonNode result = invoke("MigrateLedgerFunction", event("MigrateLedgerFunction"));
        assertThat(result.path("schemaVersion").asText()).isNotBlank();
        assertThat(result.path("migrationsApplied").asInt()).isZero(); // the embedded database migrated on first use
    }

    @Test
    @Order(14)
    void closeDeadline_reportsTheMonthsCloseState() throws IOException {
        // given the business zone's month now (read on both sides of the call: it may turn meanwhile)
        ZoneId zone = ZoneId.of(function("CloseDeadlineFunction").environment().get("LEDGERFLOW_ZONE"));
        LocalDate dayBefore = LocalDate.now(zone);
        YearMonth before = YearMonth.from(dayBefore);

        // when the deployed function runs on the wall clock, as its schedule runs it
        JsonNode result = invoke("CloseDeadlineFunction", event("CloseDeadlineFunction"));
        LocalDate dayAfter = LocalDate.now(zone);
        YearMonth after = YearMonth.from(dayAfter);

        // then it checks the month before this one, whose close is due this month, in the state the home has
        YearMonth checked = YearMonth.parse(result.path("month").asText());
        assertThat(checked).isIn(before.minusMonths(1), after.minusMonths(1));
        LocalDate deadline = LocalDate.parse(result.path("deadline").asText());
        assertThat(YearMonth.from(deadline)).isEqualTo(checked.plusMonths(1));
        PeriodState state = ledger.store().periodState(checked);
        assertThat(result.path("state").asText()).isEqualTo(state.name());
        if (dayBefore.equals(dayAfter)) { // the day the function saw (the day did not turn during the call)
            assertThat(result.path("overdue").asBoolean())
                    .isEqualTo(!dayAfter.isBefore(deadline) && state != PeriodState.EXPORTED);
        }
    }

    @Test
    @Order(15)
    void everyFunctionOfTheTemplate_ranAbove() {
        Set<String> declared = new TreeSet<>();
        LocalLedger.stack().functions().forEach(f -> declared.add(f.logicalId()));
        assertThat(tested).as("functions run by this class").containsExactlyElementsOf(declared);
    }
}
