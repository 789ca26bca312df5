package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.local.LocalServer;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.Role;
import io.ledgerflow.console.aws.AwsConsoleBackend;
import io.ledgerflow.console.aws.StepFunctionsJobs;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.Upload;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.RunRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The console's AWS backend end to end, against {@code ledgerflow local serve}: the same SDK
 * clients and protocols as on AWS (DynamoDB Local, S3 over S3Proxy, Step Functions' JSON protocol
 * over the embedded runtime, which runs the deployed handlers). A rerun from the console stores its
 * file under the console's prefix, starts the daily state machine and is followed to its end.
 */
class AwsConsoleBackendFunctionalTests {

    static final LocalDate DATE = LocalDate.of(2027, 2, 3);
    static final ConsoleUser HANAKO = new ConsoleUser("hanako.sato@example.co.jp", Role.OPERATOR);

    @TempDir
    static Path dir;

    static LocalServer server;
    static DynamoDbClient dynamoDb;
    static S3Client s3;
    static StepFunctionsClient sfn;
    static StringWriter auditLog = new StringWriter();
    static AwsConsoleBackend backend;

    @BeforeAll
    static void serve() throws java.io.IOException {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        server = LocalServer.start(dir.resolve("home"), 0, 0, "ap-northeast-1", Duration.ofSeconds(30),
                new PrintWriter(new StringWriter(), true));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        dynamoDb = DynamoDbClient.builder().endpointOverride(URI.create(server.dynamoDbEndpoint()))
                .region(Region.AP_NORTHEAST_1).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        // As LocalS3.newClient builds it (docs/aws.md: S3Proxy takes no CRC32 trailer).
        s3 = S3Client.builder().endpointOverride(URI.create(server.s3Endpoint())).forcePathStyle(true)
                .region(Region.AP_NORTHEAST_1).credentialsProvider(credentials)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        sfn = new StepFunctionsClient(server.stepFunctionsEndpoint(), "ap-northeast-1", credentials);
        String daily = server.target().stateMachineArn(io.ledgerflow.cli.targets.StateMachines.DAILY_JOURNAL);
        String close = server.target().stateMachineArn(io.ledgerflow.cli.targets.StateMachines.MONTHLY_CLOSE);
        StepFunctionsJobs jobs = new StepFunctionsJobs(sfn, new StepFunctionsJobs.Settings(daily, close,
                new ObjectRef(LocalLedger.CONFIG_BUCKET, LocalServer.RULES_KEY), LocalLedger.WORK_BUCKET, "1000"),
                Clock.systemUTC());
        backend = new AwsConsoleBackend(new DynamoDbJournalStore(dynamoDb, DynamoDbStoreSettings.defaults(LocalLedger.TABLE),
                Clock.systemUTC()), new S3ObjectStore(s3), jobs, new AwsConsoleBackend.Settings(LocalLedger.INPUT_BUCKET,
                "console/", LocalLedger.WORK_BUCKET, ZoneId.of("Asia/Tokyo"), 1_000), new PrintWriter(auditLog, true));
    }

    @AfterAll
    static void stop() {
        sfn.close();
        s3.close();
        dynamoDb.close();
        server.close();
    }

    @Test
    void aRerunFromTheConsole_storesTheFileUnderItsPrefix_runsTheDay_andIsRecordedAsTheUser() throws Exception {
        Upload upload = upload("corrected.csv", 1_200, 5);

        String jobId = backend.startRerun(DATE, upload, "site OSA02 resent its file", HANAKO);
        JobView end = awaitEnd(jobId);

        assertThat(end.state()).as(end.cause()).isEqualTo("SUCCEEDED");
        assertThat(end.kind()).isEqualTo("RERUN");
        assertThat(end.subject()).isEqualTo(DATE.toString());
        assertThat(end.requestedBy()).isEqualTo(HANAKO.name());
        assertThat(end.resultId()).startsWith("rerun-" + DATE + "-");
        String key = "console/" + DATE + "/" + upload.sha256().substring(0, 16) + ".csv";
        assertThat(server.ledger().objects().get(LocalLedger.INPUT_BUCKET, key)).isEqualTo(Files.readAllBytes(upload.file()));
        RunRecord run = server.ledger().store().currentRun(DATE).orElseThrow();
        assertThat(run.runId()).isEqualTo(end.resultId());
        assertThat(run.requestedBy()).isEqualTo(HANAKO.name());
        assertThat(run.reason()).isEqualTo("site OSA02 resent its file");

        DayView day = backend.day(DATE);
        assertThat(day.runs()).isNotEmpty();
        assertThat(backend.audit(YearMonth.from(DATE), 100)).anySatisfy(e -> assertThat(e.by()).isEqualTo(HANAKO.name()));
    }

    @Test
    void aDayWithoutAFile_isMarkedFromTheConsole_andByTheCliOnAws_asTheCallersAwsIdentity() {
        LocalDate holiday = LocalDate.of(2027, 2, 11); // National Foundation Day, a Thursday
        LocalDate bankHoliday = LocalDate.of(2027, 2, 12);

        backend.markNoFile(holiday, "National Foundation Day", HANAKO);
        CliRun cli = CliRun.of("no-file", "--target", "aws", "--region", "ap-northeast-1", "--sts-endpoint-url",
                server.stepFunctionsEndpoint().toString(), "--dynamodb-endpoint-url", server.dynamoDbEndpoint(), "--table",
                LocalLedger.TABLE, "--date", bankHoliday.toString(), "--reason", "sites closed", "--requested-by", "keiko");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(backend.day(holiday).noFile().by()).isEqualTo(HANAKO.name());
        assertThat(backend.day(holiday).state()).isEqualTo(io.ledgerflow.console.backend.DayState.NO_FILE_MARKED);
        assertThat(server.ledger().store().noFile(bankHoliday).mark().orElseThrow().by())
                .isEqualTo("arn:aws:iam::000000000000:user/local (as keiko)");
        assertThat(backend.readiness(YearMonth.of(2027, 2)).daysMarkedNoFile()).contains(holiday, bankHoliday);
        assertThat(backend.readiness(YearMonth.of(2027, 2)).daysUnaccounted()).doesNotContain(holiday, bankHoliday)
                .contains(LocalDate.of(2027, 2, 1));
        assertThatThrownBy(() -> backend.markNoFile(holiday, "again", HANAKO)).isInstanceOf(ConsoleRefusedException.class)
                .hasMessageContaining("already marked as having no file (by " + HANAKO.name());
        assertThat(backend.audit(YearMonth.of(2027, 2), 100)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("NO_FILE");
            assertThat(e.subject()).isEqualTo(bankHoliday.toString());
            assertThat(e.reason()).isEqualTo("sites closed");
        });
    }

    @Test
    void aReopen_isRefusedOnAws_andTheConsolesOwnEventsGoToItsLogAsJsonLines() {
        assertThatThrownBy(() -> backend.reopen(YearMonth.of(2027, 2), "late credit note", HANAKO))
                .isInstanceOf(ConsoleRefusedException.class).hasMessageContaining("ledgerflow reopen");

        backend.record(new AuditEvent(java.time.Instant.parse("2027-02-04T01:00:00Z"), "SIGN_IN_REFUSED", "",
                "/month/2027-02", "403", "no role"));

        assertThat(auditLog.toString()).contains("{\"audit\":\"console\",\"at\":\"2027-02-04T01:00:00Z\","
                + "\"action\":\"SIGN_IN_REFUSED\",\"by\":\"\",\"subject\":\"/month/2027-02\",\"outcome\":\"403\","
                + "\"reason\":\"no role\"}");
    }

    private static JobView awaitEnd(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JobView job = backend.job(jobId).orElseThrow();
        while (job.running() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            job = backend.job(jobId).orElseThrow();
        }
        return job;
    }

    private static Upload upload(String name, long records, long seed) throws Exception {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, records, seed, 0.0, 0.08)).write(text);
        Path file = Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.UTF_8);
        byte[] bytes = Files.readAllBytes(file);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return new Upload(file, name, StandardCharsets.UTF_8, bytes.length, records, sha256);
    }
}
