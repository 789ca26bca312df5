package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.local.LambdaInvokeStandIn;
import io.ledgerflow.cli.local.LocalServer;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.Role;
import io.ledgerflow.console.aws.AwsConsoleBackend;
import io.ledgerflow.console.aws.BrowserTransfers;
import io.ledgerflow.console.aws.LedgerFunction;
import io.ledgerflow.console.aws.StepFunctionsJobs;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.GlExport;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.Upload;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.adapters.s3.S3UploadUrls;
import io.ledgerflow.core.billing.BadInputFileException;
import io.ledgerflow.core.close.LedgerExportCsv;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodRecord;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.lambdas.Collaborators;
import io.ledgerflow.lambdas.ConsoleLedgerHandler;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The console's AWS backend end to end, against {@code ledgerflow local serve}: the same SDK
 * clients and protocols as on AWS (DynamoDB Local, S3 over S3Proxy, Step Functions' JSON protocol
 * over the embedded runtime, which runs the deployed handlers; Lambda's Invoke for the console's
 * ledger function). A rerun from the console stores its file under the console's prefix, starts the
 * daily state machine and is followed to its end; a large file goes there with a pre-signed PUT;
 * reopen and the ledger export go through the ledger function, beside the embedded PostgreSQL.
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
    static StepFunctionsJobs jobs;
    static LambdaInvokeStandIn lambdaStandIn;
    static LambdaClient lambda;
    static S3Presigner presigner;
    static BrowserTransfers transfers;

    /** The template's function as the embedded stack names it, and a registration of its handler that answers small. */
    static final String LEDGER_FUNCTION = "ledgerflow-console-ledger";
    static final String SMALL_ANSWERS = "console-ledger-small-answers";
    static final String UNCONFIGURED = "console-ledger-unconfigured";
    static final YearMonth CLOSED_MONTH = YearMonth.of(2027, 3);
    static final ConsoleUser KEIKO = new ConsoleUser("keiko.tanaka@example.co.jp", Role.CLOSER);

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
        jobs = new StepFunctionsJobs(sfn, new StepFunctionsJobs.Settings(daily, close,
                new ObjectRef(LocalLedger.CONFIG_BUCKET, LocalServer.RULES_KEY), LocalLedger.WORK_BUCKET, "1000"),
                Clock.systemUTC());
        // The template's ConsoleLedgerFunction as local serve deploys it (embedded PostgreSQL through
        // the secrets extension), and the same handler answering small (so that an export goes to
        // the work bucket), behind Lambda's Invoke protocol for the SDK's client.
        LambdaFunctions small = LambdaFunctions.builder().register(SMALL_ANSWERS, ConsoleLedgerHandler.class,
                () -> new ConsoleLedgerHandler(new Collaborators(null, null, server.ledger().monthClose()),
                        new ConsoleLedgerHandler.Exports(server.ledger().objects(), LocalLedger.WORK_BUCKET, 64)))
                .register(UNCONFIGURED, ConsoleLedgerHandler.class, () -> new ConsoleLedgerHandler(
                        new Collaborators(null, null, null), null)).build();
        lambdaStandIn = LambdaInvokeStandIn.start(Map.of(LEDGER_FUNCTION,
                server.ledger().functions(io.ledgerflow.core.daily.DailyJournalService.ProgressListener.NONE),
                SMALL_ANSWERS, small, UNCONFIGURED, small));
        lambda = LambdaClient.builder().endpointOverride(lambdaStandIn.endpoint()).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
        presigner = S3Presigner.builder().endpointOverride(URI.create(server.s3Endpoint())).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        transfers = new BrowserTransfers(s3, presigner, LocalLedger.INPUT_BUCKET, "console/", URI.create(server.s3Endpoint()));
        backend = backend(LEDGER_FUNCTION);
    }

    static AwsConsoleBackend backend(String ledgerFunction) {
        return new AwsConsoleBackend(new DynamoDbJournalStore(dynamoDb, DynamoDbStoreSettings.defaults(LocalLedger.TABLE),
                Clock.systemUTC()), new S3ObjectStore(s3), jobs,
                new LedgerFunction(lambda, LambdaFunctions.arn(ledgerFunction) + ":live"), transfers,
                new AwsConsoleBackend.Settings(LocalLedger.INPUT_BUCKET, "console/", LocalLedger.WORK_BUCKET,
                        ZoneId.of("Asia/Tokyo"), 1_000), new PrintWriter(auditLog, true));
    }

    @AfterAll
    static void stop() {
        lambda.close();
        lambdaStandIn.close();
        presigner.close();
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
    void theConsolesOwnEvents_goToItsLogAsJsonLines() {
        backend.record(new AuditEvent(java.time.Instant.parse("2027-02-04T01:00:00Z"), "SIGN_IN_REFUSED", "",
                "/month/2027-02", "403", "no role"));

        assertThat(auditLog.toString()).contains("{\"audit\":\"console\",\"at\":\"2027-02-04T01:00:00Z\","
                + "\"action\":\"SIGN_IN_REFUSED\",\"by\":\"\",\"subject\":\"/month/2027-02\",\"outcome\":\"403\","
                + "\"reason\":\"no role\"}");
    }

    /**
     * A month run, closed and exported through the state machines; then the console (outside the
     * VPC) reads its export back and reopens it through the ledger function, invoked with the SDK.
     */
    @Test
    void theLedgerExportAndAReopen_goThroughTheLedgerFunction_asTheCliDoesThemLocally() throws Exception {
        // given an exported month
        LocalDate day = CLOSED_MONTH.atDay(4);
        assertThat(backend.glExport(CLOSED_MONTH)).as("before the close: nothing to download").isEmpty();
        assertThat(awaitEnd(backend.startRerun(day, upload(day, "march.csv", 800, 21), "first file of the day", HANAKO))
                .state()).isEqualTo("SUCCEEDED");
        JobView close = awaitEnd(backend.startClose(CLOSED_MONTH, KEIKO, "test: no CI stage 2 in this home",
                "test: one day of the month has a file"));
        assertThat(close.state()).as(close.cause()).isEqualTo("SUCCEEDED");
        assertThat(server.ledger().store().periodState(CLOSED_MONTH)).isEqualTo(PeriodState.EXPORTED);

        // when the console downloads the export, then reopens the month
        GlExport export = backend.glExport(CLOSED_MONTH).orElseThrow();
        backend.reopen(CLOSED_MONTH, "late credit note for OSA01", KEIKO);

        // then the export is what 'ledgerflow gl-export' prints (LedgerExportCsv of the ledger's lines)
        StringWriter cli = new StringWriter();
        LedgerExportCsv.write(server.ledger().ledger().lines(CLOSED_MONTH), cli);
        assertThat(export.url()).isNull();
        assertThat(export.csv()).isEqualTo(cli.toString()).startsWith(LedgerExportCsv.HEADER);
        assertThat(backend.glExportCsv(CLOSED_MONTH)).contains(cli.toString());
        // and the reopen is batch-core's: OPEN, an adjustment of the exported batch, who and why recorded
        PeriodRecord period = server.ledger().store().period(CLOSED_MONTH);
        assertThat(period.state()).isEqualTo(PeriodState.OPEN);
        PeriodEvent last = period.history().get(period.history().size() - 1);
        assertThat(last.to()).isEqualTo(PeriodState.OPEN);
        assertThat(last.by()).isEqualTo(KEIKO.name());
        assertThat(last.reason()).contains("reopened for an adjustment after export").endsWith("late credit note for OSA01");
        assertThat(backend.audit(CLOSED_MONTH, 100)).anySatisfy(e -> assertThat(e.by()).isEqualTo(KEIKO.name()));
        // and what batch-core refuses comes back as the console's refusal
        assertThatThrownBy(() -> backend.reopen(CLOSED_MONTH, "again", KEIKO))
                .isInstanceOf(ConsoleRefusedException.class).hasMessageContaining("is already OPEN");

        // when the answer cannot hold the export: it is written to the work bucket, the browser gets a pre-signed GET
        GlExport large = backend(SMALL_ANSWERS).glExport(CLOSED_MONTH).orElseThrow();

        assertThat(large.csv()).isNull();
        assertThat(large.url().getPath()).contains("console-exports/" + CLOSED_MONTH + "/batch-");
        HttpResponse<String> downloaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(large.url()).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(downloaded.statusCode()).as(downloaded.body()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo(cli.toString());
        assertThat(backend(SMALL_ANSWERS).glExportCsv(CLOSED_MONTH)).contains(cli.toString());
    }

    @Test
    void theLedgerFunctionsOwnError_isTheConsolesError_notARefusal() {
        // a function built without its close collaborators fails every call (Lambda: X-Amz-Function-Error)
        assertThatThrownBy(() -> backend(UNCONFIGURED).reopen(YearMonth.of(2027, 4), "why", KEIKO))
                .isInstanceOf(LedgerFunction.LedgerFunctionException.class)
                .hasMessageContaining("REOPEN 2027-04 failed in the ledger function (Unhandled)")
                .hasMessageContaining("no monthly close");
        assertThatThrownBy(() -> backend("ledgerflow-no-such-function").reopen(YearMonth.of(2027, 4), "why", KEIKO))
                .isInstanceOf(software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class);
    }

    @Test
    void aLargeFile_goesStraightToTheInputBucketWithAPresignedPut_andIsCheckedBeforeItsRerun() throws Exception {
        // given a corrected file and the URL the console signs for it
        LocalDate day = LocalDate.of(2027, 2, 10);
        Upload file = upload(day, "large.csv", 1_500, 31);
        S3UploadUrls.UploadUrl url = backend.uploadUrl(day, file.sha256(), file.bytes(), HANAKO).orElseThrow();
        assertThat(backend.uploadOrigins()).containsExactly(URI.create(server.s3Endpoint()));
        assertThat(url.headers()).containsKey("x-amz-checksum-sha256");

        // when the browser PUTs it with the signed headers, then posts the rerun with its key
        putAsTheBrowserDoes(url, Files.readAllBytes(file.file()));
        String jobId = backend.startRerunFromUpload(day, url.key(), StandardCharsets.UTF_8, "site OSA03 resent a large file", HANAKO);

        // then the day runs on that object, recorded as the user
        JobView end = awaitEnd(jobId);
        assertThat(end.state()).as(end.cause()).isEqualTo("SUCCEEDED");
        assertThat(url.key()).startsWith("console/" + day + "/");
        assertThat(server.ledger().objects().get(LocalLedger.INPUT_BUCKET, url.key())).isEqualTo(Files.readAllBytes(file.file()));
        RunRecord run = server.ledger().store().currentRun(day).orElseThrow();
        assertThat(run.requestedBy()).isEqualTo(HANAKO.name());
        assertThat(run.reason()).isEqualTo("site OSA03 resent a large file");
    }

    @Test
    void anUploadThatIsNoBillingCsv_orNotThere_orNotTheConsoles_isRefusedAndStartsNoRun() throws Exception {
        LocalDate day = LocalDate.of(2027, 2, 11);
        byte[] notCsv = ("name,amount\nOSA01,12\n").getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(notCsv));
        S3UploadUrls.UploadUrl url = backend.uploadUrl(day, sha256, notCsv.length, HANAKO).orElseThrow();
        putAsTheBrowserDoes(url, notCsv);

        assertThatThrownBy(() -> backend.startRerunFromUpload(day, url.key(), StandardCharsets.UTF_8, "resent", HANAKO))
                .isInstanceOf(BadInputFileException.class).hasMessageContaining(url.key().substring(url.key().lastIndexOf('/') + 1));
        assertThatThrownBy(() -> backend.startRerunFromUpload(day, "console/" + day + "/0123456789abcdef.csv",
                StandardCharsets.UTF_8, "resent", HANAKO))
                .isInstanceOf(ConsoleRefusedException.class).hasMessageContaining("did not arrive");
        assertThatThrownBy(() -> backend.startRerunFromUpload(day, "daily/" + day + "/billing.csv",
                StandardCharsets.UTF_8, "resent", HANAKO))
                .isInstanceOf(ConsoleRefusedException.class).hasMessageContaining("is not an upload of " + day);
        assertThat(server.ledger().store().runs(day)).isEmpty();
    }

    /**
     * The browser's PUT with the URL's signed headers. LocalS3 (S3Proxy 3.0.0, unknown headers refused)
     * does not implement {@code x-amz-checksum-sha256} and answers 501, where S3 checks the digest and
     * stores the file (docs/aws.md, "S3 locally"); the file is then stored at the URL's key as S3
     * would have stored it. The pin fails once LocalS3 takes the header: then the PUT alone is enough.
     */
    private static void putAsTheBrowserDoes(S3UploadUrls.UploadUrl url, byte[] content) throws Exception {
        assertThat(url.url().getPath()).isEqualTo("/" + url.bucket() + "/" + url.key());
        HttpResponse<String> put = put(url, content);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(501);
        assertThat(put.body()).contains("<Code>NotImplemented</Code>");
        s3.putObject(r -> r.bucket(url.bucket()).key(url.key()).contentType(url.headers().get("content-type")),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
    }

    private static HttpResponse<String> put(S3UploadUrls.UploadUrl url, byte[] content) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        url.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) { // set by the client from the body, as a browser does
                request.header(name, value);
            }
        });
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        return upload(DATE, name, records, seed);
    }

    private static Upload upload(LocalDate date, String name, long records, long seed) throws Exception {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, 0.0, 0.08)).write(text);
        Path file = Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.UTF_8);
        byte[] bytes = Files.readAllBytes(file);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return new Upload(file, name, StandardCharsets.UTF_8, bytes.length, records, sha256);
    }
}
