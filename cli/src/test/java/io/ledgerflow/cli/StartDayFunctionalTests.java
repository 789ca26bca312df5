package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.local.LocalServer;
import io.ledgerflow.cli.targets.AwsTarget;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.core.daily.DailyRunInput;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.daily.start.DailySchedule;
import io.ledgerflow.core.daily.start.DayStartSettings;
import io.ledgerflow.core.daily.start.DayStarter;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.lambdas.StartDayHandler;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsDailyExecutions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ledgerflow-start-day} function against {@code ledgerflow local serve}: its handler
 * built with the server's object store and a Step Functions client on the server's endpoint (as on
 * AWS, through SigV4 and AWS JSON 1.0), fed the events the template's schedule and late-file rule
 * send (JSON files under {@code start-day/}).
 */
class StartDayFunctionalTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "ap-northeast-1";
    /** The template's default schedule: 06:30 in Tokyo. */
    private static final DailySchedule SCHEDULE = DailySchedule.parse("cron(30 6 * * ? *)", ZoneId.of("Asia/Tokyo"));

    @TempDir
    static Path dir;

    static LocalServer server;
    static String dailyArn;
    static StepFunctionsClient client;
    static StartDayHandler handler;

    @BeforeAll
    static void serve() throws IOException {
        // Dummy credentials, as operators' scripts give the local server (the SDK's chain reads these first).
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        server = LocalServer.start(dir.resolve("home"), 0, 0, REGION, Duration.ofSeconds(30), new PrintWriter(new StringWriter()));
        dailyArn = server.target().stateMachineArn(StateMachines.DAILY_JOURNAL);
        client = StepFunctionsClient.create(server.stepFunctionsEndpoint(), REGION);
        // Locally the day's files are s3://ledgerflow-input/DATE/NAME (no "daily/" prefix).
        DayStartSettings settings = DayStartSettings.withDefaults(SCHEDULE, LocalLedger.INPUT_BUCKET, "",
                new ObjectRef(LocalLedger.CONFIG_BUCKET, LocalServer.RULES_KEY), LocalLedger.WORK_BUCKET);
        handler = new StartDayHandler(new DayStarter(settings, server.ledger().objects(),
                new StepFunctionsDailyExecutions(client, dailyArn)));
    }

    @AfterAll
    static void stop() {
        try {
            client.close();
        } finally {
            server.close();
        }
    }

    @Test
    void theSchedule_startsSchedDate_onceAndTheDaysJournalIsStored() throws Exception {
        // given the 20th's file where the day's files arrive
        LocalDate date = LocalDate.of(2026, 11, 20);
        String csv = putDay(date, "day.csv", 3_000, 17);

        // when the schedule of the 21st, 06:30 JST, invokes the function
        JsonNode first = invoke(event("schedule.json"));

        // then it started sched-2026-11-20 with the day's file, which runs to SUCCEEDED
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("STARTED");
        assertThat(first.path("businessDate").asText()).isEqualTo("2026-11-20");
        String arn = StepFunctionsClient.executionArn(dailyArn, "sched-2026-11-20");
        assertThat(first.path("executionId").asText()).isEqualTo(arn);
        try (AwsTarget sfn = sfn()) {
            ExecutionView end = awaitEnd(sfn, arn);
            assertThat(end.status()).as(end.error() + ": " + end.cause()).isEqualTo("SUCCEEDED");
            assertThat(end.input().path("requestedBy").asText()).isEqualTo("scheduler");
            assertThat(end.input().path("input").path("key").asText()).isEqualTo("2026-11-20/day.csv");
            assertThat(end.output().path("runId").asText()).isEqualTo("sched-2026-11-20");
            assertThat(end.output().path("linesRead").asLong()).isEqualTo(3_000);
        }
        assertThat(storedJournal(date)).isEqualTo(journalize(date, csv));

        // when the schedule is retried, and the file's own event (after 06:30) comes too
        JsonNode retry = invoke(event("schedule.json"));
        JsonNode lateFile = invoke(event("s3-object-created.json"));

        // then both succeed without a second execution
        assertThat(retry.path("status").asText()).as(retry.toString()).isEqualTo("ALREADY_STARTED");
        assertThat(retry.path("executionStatus").asText()).isEqualTo("SUCCEEDED");
        assertThat(lateFile.path("status").asText()).as(lateFile.toString()).isEqualTo("ALREADY_STARTED");
        try (AwsTarget sfn = sfn()) {
            assertThat(sfn.list(StateMachines.DAILY_JOURNAL, "2026-11-20", 10)).extracting(ExecutionView::name)
                    .containsExactly("sched-2026-11-20");
        }
    }

    @Test
    void aDayWithNoFile_returnsWithoutStarting() throws Exception {
        // given the bucket has other days' files only
        putDay(LocalDate.of(2026, 11, 25), "day.csv", 10, 1);

        // when the schedule for the 26th fires (06:30 JST on the 27th)
        ObjectNode schedule = event("schedule.json").put("scheduledTime", "2026-11-26T21:30:00Z");
        JsonNode result = invoke(schedule);

        // then it says so, and no execution of the 26th exists
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("NO_FILE_YET");
        assertThat(result.path("message").asText()).contains("no file yet under s3://ledgerflow-input/2026-11-26/");
        try (AwsTarget sfn = sfn()) {
            assertThat(sfn.list(StateMachines.DAILY_JOURNAL, "2026-11-26", 10)).isEmpty();
        }
    }

    @Test
    void aFileOnTime_isLeftToTheSchedule() throws Exception {
        // given the 22nd's file, created at 05:50 JST on the 23rd (before the 06:30 schedule)
        putDay(LocalDate.of(2026, 11, 22), "day.csv", 10, 2);
        ObjectNode created = event("s3-object-created.json").put("time", "2026-11-22T20:50:00Z");
        ((ObjectNode) created.path("detail").path("object")).put("key", "2026-11-22/day.csv");

        JsonNode result = invoke(created);

        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("NOT_DUE");
        try (AwsTarget sfn = sfn()) {
            assertThat(sfn.list(StateMachines.DAILY_JOURNAL, "2026-11-22", 10)).isEmpty();
        }
    }

    /** Starts {@code daily-DATE} as an operator's {@code ledgerflow daily --target aws} does, and waits for it. */
    private static ExecutionView runDaily(LocalDate date, String key) throws InterruptedException {
        ObjectNode input = new DailyRunInput("daily-" + date, date, DailyRunInput.DEFAULT_ENCODING,
                new ObjectRef(LocalLedger.INPUT_BUCKET, key), new ObjectRef(LocalLedger.CONFIG_BUCKET, LocalServer.RULES_KEY),
                LocalLedger.WORK_BUCKET, DailyRunInput.DEFAULT_PARTITION_LINES, DailyRunInput.DEFAULT_PARTITIONS_PER_BATCH,
                DailyRunInput.DEFAULT_MAX_CONCURRENCY, new BigDecimal("100"), "keiko", "daily run").toJson();
        try (AwsTarget sfn = sfn()) {
            return awaitEnd(sfn, sfn.start(StateMachines.DAILY_JOURNAL, "daily-" + date, input).executionArn());
        }
    }

    private static ExecutionView scheduleOf(LocalDate date) throws Exception {
        JsonNode started = invoke(event("schedule.json").put("scheduledTime", date + "T21:30:00Z"));
        assertThat(started.path("status").asText()).as(started.toString()).isEqualTo("STARTED");
        try (AwsTarget sfn = sfn()) {
            return awaitEnd(sfn, started.path("executionId").asText());
        }
    }

    @Test
    void theSchedule_ofADayAManualDailyPublished_withTheSameFile_changesNothing_andIsOnRecordAsSkipped() throws Exception {
        // given a day an operator ran by hand (daily-DATE) with the file where the day's files arrive
        LocalDate date = LocalDate.of(2026, 11, 17);
        putDay(date, "day.csv", 500, 31);
        assertThat(runDaily(date, date + "/day.csv").status()).isEqualTo("SUCCEEDED");
        String published = storedJournal(date);

        // when the schedule starts sched-DATE with the same file
        ExecutionView sched = scheduleOf(date);

        // then it succeeds without publishing: the day's run is still the manual one, and the start is on record
        assertThat(sched.status()).as(sched.error() + ": " + sched.cause()).isEqualTo("SUCCEEDED");
        assertThat(sched.output().path("unchanged").asBoolean()).isTrue();
        assertThat(sched.output().path("runId").asText()).isEqualTo("daily-" + date);
        assertThat(server.ledger().store().currentRun(date).orElseThrow().runId()).isEqualTo("daily-" + date);
        assertThat(server.ledger().store().run(date, "sched-" + date).orElseThrow().status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(storedJournal(date)).isEqualTo(published);
    }

    @Test
    void theSchedule_ofADayAManualDailyPublished_withAnotherFile_isRefused_namingTheRunAndRerun() throws Exception {
        // given a day an operator ran by hand, whose file the site then replaced
        LocalDate date = LocalDate.of(2026, 11, 18);
        putDay(date, "day.csv", 500, 32);
        assertThat(runDaily(date, date + "/day.csv").status()).isEqualTo("SUCCEEDED");
        String published = storedJournal(date);
        putDay(date, "day.csv", 500, 33);

        // when the schedule starts sched-DATE
        ExecutionView sched = scheduleOf(date);

        // then it fails with a clear reason, and the published run stays the day's
        assertThat(sched.status()).isEqualTo("FAILED");
        assertThat(sched.error()).isEqualTo("io.ledgerflow.core.store.DayAlreadyPublishedException");
        assertThat(sched.cause()).contains("the day already has published run daily-" + date)
                .contains("ledgerflow rerun --date " + date);
        assertThat(server.ledger().store().currentRun(date).orElseThrow().runId()).isEqualTo("daily-" + date);
        assertThat(server.ledger().store().run(date, "sched-" + date)).isEmpty();
        assertThat(storedJournal(date)).isEqualTo(published);
    }

    private static JsonNode invoke(JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static ObjectNode event(String name) throws IOException {
        try (InputStream in = StartDayFunctionalTests.class.getClassLoader().getResourceAsStream("start-day/" + name)) {
            assertThat(in).as("test event start-day/" + name).isNotNull();
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static AwsTarget sfn() {
        return AwsTarget.open(server.stepFunctionsEndpoint(), REGION, Map.of(StateMachines.DAILY_JOURNAL, dailyArn));
    }

    private static ExecutionView awaitEnd(AwsTarget sfn, String executionArn) throws InterruptedException {
        ExecutionView e = sfn.describe(executionArn);
        for (int polls = 0; e.running() && polls < 1_200; polls++) {
            Thread.sleep(100);
            e = sfn.describe(executionArn);
        }
        return e;
    }

    /** A generated day at s3://ledgerflow-input/DATE/NAME; returns its text. */
    private static String putDay(LocalDate date, String name, long records, long seed) throws IOException {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, 0.0005, 0.08)).write(text);
        server.ledger().objects().put(LocalLedger.INPUT_BUCKET, date + "/" + name, text.toString().getBytes(StandardCharsets.UTF_8));
        return text.toString();
    }

    private static String storedJournal(LocalDate date) {
        return Journals.stored(server.ledger().store(), date);
    }

    private static String journalize(LocalDate date, String csv) throws IOException {
        return Journals.journalize(dir, date, csv);
    }
}
