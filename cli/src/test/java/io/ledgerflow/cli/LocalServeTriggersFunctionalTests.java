package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.local.LocalS3;
import io.ledgerflow.cli.local.LocalServer;
import io.ledgerflow.cli.local.LocalTriggers;
import io.ledgerflow.cli.targets.AwsTarget;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whole days started by the template's triggers under {@code local serve}, as on AWS: a day's file
 * put with the AWS SDK's S3 client on the served S3 endpoint; the late-file rule's event, or the
 * daily schedule's time, invokes the start-day function of the deployed template, which starts
 * {@code sched-DATE} on the served Step Functions; the day's journal is published. The triggers'
 * clock is the test's: it reads 2026-11-22 05:30 in Tokyo until the first test, having put a file
 * before the daily schedule (06:30, for the previous day), moves it to 06:30; the schedule fires
 * then, not an hour of waiting later. Each test has its own business date.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalServeTriggersFunctionalTests {

    private static final String REGION = LocalLedger.REGION;
    /** The triggers' clock at their start: an hour before the daily schedule of the 22nd (for the 21st). */
    private static final Instant TRIGGERS_START = OffsetDateTime.parse("2026-11-22T05:30:00+09:00").toInstant();
    private static final Instant DAILY_SCHEDULE = OffsetDateTime.parse("2026-11-22T06:30:00+09:00").toInstant();
    /** Lambda retries a failed asynchronous invocation after 1 then 2 minutes; here after 0.2 then 0.4 s. */
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration WAIT_MAX = Duration.ofMinutes(3);

    @TempDir
    static Path dir;

    static LocalServer server;
    static String dailyArn;
    static S3Client s3;
    static final StringWriter serverLog = new StringWriter();
    /** The triggers' clock, which only the tests move. */
    static final HandClock clock = new HandClock(TRIGGERS_START);

    @BeforeAll
    static void serve() throws IOException {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        LocalTriggers.Settings triggers = new LocalTriggers.Settings(true, true, clock, FIRST_RETRY_DELAY);
        server = LocalServer.start(dir.resolve("home"), 0, 0, REGION, Duration.ofSeconds(30), triggers,
                new PrintWriter(serverLog, true));
        dailyArn = server.target().stateMachineArn(StateMachines.DAILY_JOURNAL);
        // As operators' scripts configure the SDK for the local endpoint (docs/aws.md, LocalS3).
        s3 = S3Client.builder().endpointOverride(URI.create(server.s3Endpoint())).forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        try {
            s3.close();
        } finally {
            server.close();
        }
    }

    @Test
    @Order(2)
    void aLateFileUploadedToS3_startsItsDayThroughTheRule_andTheDaysJournalIsPublished() throws Exception {
        // given the 19th, whose scheduled time (06:30 on the 20th) has passed
        LocalDate date = LocalDate.of(2026, 11, 19);
        String csv = day(date, 3_000, 17);

        // when its file is put on the served S3 endpoint under the input prefix
        upload("daily/2026-11-19/site-a.csv", csv);

        // then the rule invoked start-day, which started sched-2026-11-19, which published the day
        awaitLog(line -> line.contains("rule ledgerflow-late-file (s3://ledgerflow-input/daily/2026-11-19/site-a.csv)")
                && line.contains("\"status\":\"STARTED\""));
        ExecutionView end = awaitEnd("sched-2026-11-19");
        assertThat(end.status()).as(end.error() + ": " + end.cause()).isEqualTo("SUCCEEDED");
        assertThat(end.input().path("requestedBy").asText()).isEqualTo("late-file");
        assertThat(end.input().path("input").path("key").asText()).isEqualTo("daily/2026-11-19/site-a.csv");
        assertThat(end.input().path("rules").path("key").asText()).isEqualTo(LocalLedger.RULES_KEY);
        assertThat(end.output().path("linesRead").asLong()).isEqualTo(3_000);
        assertThat(storedJournal(date)).isEqualTo(journalize(date, csv));
    }

    @Test
    @Order(1)
    void aFileOnTime_isLeftToTheSchedule_whichStartsItsDayAt0630Tokyo() throws Exception {
        // given the 21st's file, put before 06:30 on the 22nd (the triggers' clock)
        LocalDate date = LocalDate.of(2026, 11, 21);
        String csv = day(date, 1_500, 22);
        upload("daily/2026-11-21/site-a.csv", csv);

        // then its event is not the rule's to act on, and the schedule waits for its time
        awaitLog(line -> line.contains("(s3://ledgerflow-input/daily/2026-11-21/site-a.csv)") && line.contains("\"status\":\"NOT_DUE\""));
        assertThat(logLines(line -> line.startsWith("schedule ledgerflow-daily"))).isEmpty();

        // when the triggers' clock reaches 06:30 Tokyo (21:30 UTC on the 21st), the schedule starts the 21st
        clock.set(DAILY_SCHEDULE);
        awaitLog(line -> line.startsWith("schedule ledgerflow-daily (2026-11-21T21:30:00Z) -> ledgerflow-start-day:")
                && line.contains("\"status\":\"STARTED\""));
        ExecutionView end = awaitEnd("sched-2026-11-21");
        assertThat(end.status()).as(end.error() + ": " + end.cause()).isEqualTo("SUCCEEDED");
        assertThat(end.input().path("requestedBy").asText()).isEqualTo("scheduler");
        assertThat(storedJournal(date)).isEqualTo(journalize(date, csv));
    }

    @Test
    @Order(3)
    void aRefusedStart_isRetriedTwiceAsLambdaDoes_thenDroppedWhereAwsWouldDeadLetterIt() throws Exception {
        // given the 17th already has a file (written into the folder: no event)
        LocalDate date = LocalDate.of(2026, 11, 17);
        server.ledger().objects().put(LocalLedger.INPUT_BUCKET, "daily/2026-11-17/site-a.csv",
                day(date, 10, 1).getBytes(StandardCharsets.UTF_8));
        // and a file outside the rule's prefix arrives, which no rule matches
        upload("incoming/2026-11-17/site-c.csv", day(date, 10, 3));

        // when a second file of the day arrives (two files: start-day refuses the day)
        upload("daily/2026-11-17/site-b.csv", day(date, 10, 2));

        // then Lambda's three attempts fail, and the event is dropped where AWS would send it to the queue
        String trigger = "rule ledgerflow-late-file (s3://ledgerflow-input/daily/2026-11-17/site-b.csv) -> ledgerflow-start-day failed";
        awaitLog(line -> line.startsWith(trigger + " (attempt 3 of 3)"));
        assertThat(logLines(line -> line.startsWith(trigger))).satisfiesExactly(
                first -> assertThat(first).contains("(attempt 1 of 3): ", "AmbiguousDayFileException", "more than one file")
                        .endsWith("; retrying in 0.2 s"),
                second -> assertThat(second).contains("(attempt 2 of 3)").endsWith("; retrying in 0.4 s"),
                last -> assertThat(last).contains("(attempt 3 of 3)")
                        .endsWith("; event dropped (on AWS: to arn:aws:sqs:ap-northeast-1:000000000000:ledgerflow-start-dlq)"));
        try (AwsTarget sfn = sfn()) {
            assertThat(sfn.list(StateMachines.DAILY_JOURNAL, "2026-11-17", 10)).isEmpty();
        }
        assertThat(serverLog.toString()).doesNotContain("incoming/2026-11-17");
    }

    @Test
    @Order(4)
    void theReadyLines_nameTheTriggersAndWhenTheScheduleFiresNext() {
        assertThat(server.triggers()).contains(
                "schedule ledgerflow-daily: cron(30 6 * * ? *) Asia/Tokyo -> ledgerflow-start-day, next 2026-11-22T06:30+09:00",
                "rule ledgerflow-late-file: {\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],\"detail\":"
                        + "{\"bucket\":{\"name\":[\"ledgerflow-input\"]},\"object\":{\"key\":[{\"prefix\":\"daily/\"}]}}}"
                        + " -> ledgerflow-start-day (S3 events of [ledgerflow-input])");
        assertThat(server.triggers()).anySatisfy(line -> assertThat(line)
                .startsWith("schedule ledgerflow-close-deadline: cron(0 10 ? * MON-FRI *) Asia/Tokyo -> ledgerflow-close-deadline, next "));
    }

    private static void upload(String key, String content) {
        s3.putObject(r -> r.bucket(LocalLedger.INPUT_BUCKET).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    private static String day(LocalDate date, long records, long seed) throws IOException {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, 0.0005, 0.08)).write(text);
        return text.toString();
    }

    private static void awaitLog(Predicate<String> line) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT_MAX);
        while (logLines(line).isEmpty()) {
            assertThat(Instant.now()).as("no such line in the server's log:\n" + serverLog).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static java.util.List<String> logLines(Predicate<String> line) {
        return serverLog.toString().lines().filter(line).toList();
    }

    private static AwsTarget sfn() {
        return AwsTarget.open(server.stepFunctionsEndpoint(), REGION, Map.of(StateMachines.DAILY_JOURNAL, dailyArn));
    }

    private static ExecutionView awaitEnd(String name) throws InterruptedException {
        try (AwsTarget sfn = sfn()) {
            String arn = StepFunctionsClient.executionArn(dailyArn, name);
            ExecutionView e = sfn.describe(arn);
            Instant deadline = Instant.now().plus(WAIT_MAX);
            while (e.running() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                e = sfn.describe(arn);
            }
            return e;
        }
    }

    private static String storedJournal(LocalDate date) {
        return Journals.stored(server.ledger().store(), date);
    }

    private static String journalize(LocalDate date, String csv) throws IOException {
        return Journals.journalize(dir, date, csv);
    }
}
