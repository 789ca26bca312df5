package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.cli.local.HomeLog;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.local.LocalServer;
import io.ledgerflow.cli.targets.AwsTarget;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledgerflow local serve} in-process on free ports, driven as AWS would be: the CLI's
 * {@code --target aws} commands and {@link AwsTarget} (SigV4-signed AWS JSON 1.0 through the AWS
 * SDK's signer and HTTP client), and raw HTTP for the wire shapes of errors. Each test uses its
 * own business date, so the tests share one server and do not depend on each other.
 */
class LocalServeFunctionalTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RULES = GoldenCasesTest.FIXTURES.resolve("rules.yaml").toString();

    @TempDir
    static Path dir;

    static LocalServer server;
    static String endpoint;
    static String dailyArn;
    static StringWriter serverLog = new StringWriter();

    @BeforeAll
    static void serve() throws IOException {
        // Dummy credentials, as operators' scripts give the local server (the SDK's chain reads these first).
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        server = LocalServer.start(dir.resolve("home"), 0, 0, "ap-northeast-1", Duration.ofSeconds(30),
                new PrintWriter(serverLog, true));
        endpoint = server.stepFunctionsEndpoint().toString();
        dailyArn = server.target().stateMachineArn(StateMachines.DAILY_JOURNAL);
    }

    @AfterAll
    static void stop() {
        server.close();
    }


    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static CliRun onAws(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--target", "aws", "--endpoint-url", endpoint,
                "--sts-endpoint-url", endpoint, "--region", "ap-northeast-1", "--daily-state-machine-arn", dailyArn));
        all.addAll(List.of(args));
        if (!command.equals("status")) {
            all.addAll(List.of("--poll-seconds", "1"));
        }
        return cli(all.toArray(String[]::new));
    }

    static AwsTarget sfn() {
        return AwsTarget.open(URI.create(endpoint), "ap-northeast-1", Map.of(StateMachines.DAILY_JOURNAL, dailyArn));
    }

    /** Puts a generated day where the day's files arrive: s3://ledgerflow-input/DATE/name (a folder locally). */
    static String putDay(LocalDate date, String name, long records, long seed) throws IOException {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, 0.0005, 0.08)).write(text);
        return put(date + "/" + name, text.toString());
    }

    static String put(String key, String content) {
        server.ledger().objects().put(LocalLedger.INPUT_BUCKET, key, content.getBytes(StandardCharsets.UTF_8));
        return "s3://" + LocalLedger.INPUT_BUCKET + "/" + key;
    }

    static String journalize(LocalDate date, String csv) throws IOException {
        return Journals.journalize(dir, date, csv);
    }

    static String storedJournal(LocalDate date) {
        return Journals.stored(server.ledger().store(), date);
    }

    static ExecutionView awaitEnd(AwsTarget sfn, String executionArn) throws InterruptedException {
        ExecutionView e = sfn.describe(executionArn);
        for (int polls = 0; e.running() && polls < 600; polls++) {
            Thread.sleep(100);
            e = sfn.describe(executionArn);
        }
        return e;
    }

    /** A raw AWS JSON 1.0 call, for the wire shapes. */
    static HttpResponse<String> call(String operation, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void dailyOnTargetAws_followsTheExecutionToSucceeded_andTheDaysJournalIsStored() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 20);
        String file = putDay(date, "day.csv", 2_000, 7);

        CliRun run = onAws("daily", "--date", date.toString(), "--input", file, "--partition-lines", "500");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("execution daily-" + date + " on aws (endpoint " + endpoint + ")")
                .contains("daily-" + date + ": RUNNING").contains("daily-" + date + ": SUCCEEDED after")
                .contains("run daily-" + date + " published").contains("read 2000 lines = posted");
        String csv = new String(server.ledger().objects().get(LocalLedger.INPUT_BUCKET, date + "/day.csv"), StandardCharsets.UTF_8);
        assertThat(storedJournal(date)).isEqualTo(journalize(date, csv));
        try (AwsTarget sfn = sfn()) {
            ExecutionView e = sfn.describe(sfn.executionArn(StateMachines.DAILY_JOURNAL, "daily-" + date));
            assertThat(e.status()).isEqualTo("SUCCEEDED");
            assertThat(e.executionArn()).isEqualTo("arn:aws:states:ap-northeast-1:000000000000:execution:ledgerflow-daily-journal:daily-" + date);
            assertThat(e.output().path("linesRead").asLong()).isEqualTo(2_000);
            assertThat(e.input().path("input").path("key").asText()).isEqualTo(date + "/day.csv");
            assertThat(e.stopDate()).isAfterOrEqualTo(e.startDate());
        }

        CliRun again = onAws("daily", "--date", date.toString(), "--input", file, "--partition-lines", "500");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("already started with the same input");

        CliRun rerun = onAws("rerun", "--date", date.toString(), "--input", file, "--partition-lines", "500",
                "--reason", "site resent its file", "--requested-by", "hanako.sato");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.err()).containsPattern("execution rerun-" + date + "-\\d{8}T\\d{9}Z on aws")
                .contains("replaced run daily-" + date);
        assertThat(storedJournal(date)).isEqualTo(journalize(date, csv));

        CliRun status = onAws("status", "--date", date.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("SUCCEEDED  daily-" + date).contains("SUCCEEDED  rerun-" + date);
        // Who acts is the caller's AWS identity (local serve's STS names the access key's user), the
        // --requested-by name beside it; a daily run without one is never the scheduler's.
        assertThat(server.ledger().store().runs(date)).extracting(r -> r.requestedBy()).containsExactlyInAnyOrder(
                "arn:aws:iam::000000000000:user/local", "arn:aws:iam::000000000000:user/local (as hanako.sato)");
    }

    @Test
    void closeOnTargetAws_runsTheMonthlyCloseStateMachine_toAnExportedMonth() throws Exception {
        LocalDate date = LocalDate.of(2027, 1, 5);
        String file = putDay(date, "close-day.csv", 1_000, 11);
        CliRun day = onAws("daily", "--date", date.toString(), "--input", file, "--partition-lines", "500");
        assertThat(day.exitCode()).as(day.err()).isZero();
        String closeArn = server.target().stateMachineArn(StateMachines.MONTHLY_CLOSE);
        assertThat(closeArn).endsWith(":stateMachine:ledgerflow-monthly-close");

        CliRun close = onAws("close", "--month", "2027-01", "--close-state-machine-arn", closeArn, "--requested-by", "keiko",
                "--proceed-without-attestation", "--reason", "test: no CI stage 2 in this home");

        assertThat(close.exitCode()).as(close.err()).isZero();
        assertThat(close.err()).contains("on Step Functions").containsPattern("close-2027-01-\\d{8}T\\d{9}Z: SUCCEEDED")
                .contains("reconciled 1 days; period 2027-01 is EXPORTED").contains("NOT attested: proceeded by arn:aws:iam::000000000000:user/local (as keiko)")
                .contains("written now");
        assertThat(server.ledger().store().periodState(java.time.YearMonth.parse("2027-01")))
                .isEqualTo(io.ledgerflow.core.store.PeriodState.EXPORTED);
        assertThat(server.ledger().ledger().lines(java.time.YearMonth.parse("2027-01"))).isNotEmpty();
    }

    @Test
    void aTakenName_isRefusedWithExecutionAlreadyExists_onTheWireAndThroughTheClient() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 21);
        String file = putDay(date, "day.csv", 300, 8);
        CliRun first = onAws("daily", "--date", date.toString(), "--input", file, "--no-wait");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String arn = first.out().strip();
        assertThat(arn).isEqualTo(StateMachines.executionArn(dailyArn, "daily-" + date));
        try (AwsTarget sfn = sfn()) {
            assertThat(awaitEnd(sfn, arn).status()).isEqualTo("SUCCEEDED");
        }

        String differentInput = JSON.createObjectNode().put("stateMachineArn", dailyArn).put("name", "daily-" + date)
                .put("input", "{\"other\":1}").toString();
        HttpResponse<String> refused = call("StartExecution", differentInput);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("__type").asText()).isEqualTo("ExecutionAlreadyExists");
        assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("daily-" + date);

        try (AwsTarget sfn = sfn()) {
            assertThatThrownBy(() -> sfn.start(StateMachines.DAILY_JOURNAL, "daily-" + date, JSON.readTree("{\"other\":1}")))
                    .isInstanceOf(StepFunctionsException.ExecutionAlreadyExists.class);
        }
        CliRun differentFile = onAws("daily", "--date", date.toString(), "--input", putDay(date, "other.csv", 300, 9));
        assertThat(differentFile.exitCode()).as(differentFile.err()).isEqualTo(1);
        assertThat(differentFile.err()).contains("Execution Already Exists").contains("ledgerflow rerun");
    }

    @Test
    void unknownStateMachineAndExecution_areAwsErrors() throws Exception {
        String otherMachine = dailyArn.replace("ledgerflow-daily-journal", "ledgerflow-nothing");
        HttpResponse<String> noMachine = call("StartExecution",
                JSON.createObjectNode().put("stateMachineArn", otherMachine).put("name", "x").toString());
        assertThat(noMachine.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMachine.body()).path("__type").asText()).isEqualTo("StateMachineDoesNotExist");

        String missing = StateMachines.executionArn(dailyArn, "never-started");
        HttpResponse<String> noExecution = call("DescribeExecution",
                JSON.createObjectNode().put("executionArn", missing).toString());
        assertThat(noExecution.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noExecution.body()).path("__type").asText()).isEqualTo("ExecutionDoesNotExist");

        HttpResponse<String> machines = call("ListStateMachines", "{}");
        assertThat(machines.statusCode()).isEqualTo(200);
        assertThat(machines.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
        assertThat(JSON.readTree(machines.body()).path("stateMachines").findValuesAsText("stateMachineArn")).contains(dailyArn);

        CliRun redrive = onAws("redrive", "--execution-arn", missing);
        assertThat(redrive.exitCode()).as(redrive.err()).isEqualTo(2);
        assertThat(redrive.err()).contains("Execution Does Not Exist");
    }

    @Test
    void aBadInputFile_failsTheExecution_withErrorAndCause_andRedriveFollowsStepFunctionsRules() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 24);
        String file = put(date + "/bad.csv", "billing_id,invoice_id\nB1,I1\n");

        CliRun run = onAws("daily", "--date", date.toString(), "--input", file);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("daily-" + date + ": FAILED after").contains("lacks the required columns");
        try (AwsTarget sfn = sfn()) {
            String arn = sfn.executionArn(StateMachines.DAILY_JOURNAL, "daily-" + date);
            HttpResponse<String> raw = call("DescribeExecution", JSON.createObjectNode().put("executionArn", arn).toString());
            JsonNode described = JSON.readTree(raw.body());
            assertThat(described.path("status").asText()).isEqualTo("FAILED");
            assertThat(described.path("error").asText()).isEqualTo("io.ledgerflow.core.billing.BadInputFileException");
            assertThat(described.path("cause").asText()).contains("lacks the required columns");
            assertThat(described.path("startDate").isNumber()).isTrue();
            assertThat(described.path("stopDate").isNumber()).isTrue();
            assertThat(described.path("redriveStatus").asText()).isEqualTo("REDRIVABLE");

            // The daily workflow records the failure and ends in its Fail state: a redrive resumes
            // there, as Step Functions would, and fails again with the same error.
            CliRun redrive = onAws("redrive", "--execution-arn", arn);
            assertThat(redrive.exitCode()).as(redrive.err()).isNotZero();
            ExecutionView again = awaitEnd(sfn, arn);
            assertThat(again.status()).isEqualTo("FAILED");
            assertThat(again.redriveCount()).isEqualTo(1);
            assertThat(again.error()).isEqualTo("io.ledgerflow.core.billing.BadInputFileException");
        }
    }

    @Test
    void redriveOfASucceededExecution_isRefusedAsNotRedrivable() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 25);
        String file = putDay(date, "day.csv", 200, 10);
        try (AwsTarget sfn = sfn()) {
            ExecutionView started = sfn.start(StateMachines.DAILY_JOURNAL, "manual-" + date,
                    JSON.readTree(dailyInput(date, file)));
            assertThat(started.status()).isEqualTo("RUNNING");
            ExecutionView ended = awaitEnd(sfn, started.executionArn());
            assertThat(ended.status()).as(ended.cause()).isEqualTo("SUCCEEDED");

            assertThatThrownBy(() -> sfn.redrive(started.executionArn()))
                    .isInstanceOf(StepFunctionsException.ExecutionNotRedrivable.class);
            CliRun redrive = onAws("redrive", "--execution-arn", started.executionArn());
            assertThat(redrive.exitCode()).as(redrive.err()).isEqualTo(1);
            assertThat(redrive.err()).contains("cannot be redriven");
        }
    }

    @Test
    void stopping_letsARunningExecutionFinish_thenStopsDynamoDbLocal() throws Exception {
        Path home = dir.resolve("home-stop");
        LocalDate date = LocalDate.of(2026, 11, 26);
        StringWriter log = new StringWriter();
        LocalServer second = LocalServer.start(home, 0, 0, "ap-northeast-1", Duration.ofSeconds(60), new PrintWriter(log, true));
        String key;
        ExecutionView started;
        try {
            StringWriter text = new StringWriter();
            new BillingGenerator(new BillingGenerator.Settings(date, 2_000, 12, 0.0005, 0.08)).write(text);
            key = date + "/day.csv";
            second.ledger().objects().put(LocalLedger.INPUT_BUCKET, key, text.toString().getBytes(StandardCharsets.UTF_8));
            started = second.target().start(StateMachines.DAILY_JOURNAL, "manual-" + date,
                    JSON.readTree(dailyInput(date, "s3://" + LocalLedger.INPUT_BUCKET + "/" + key)));
            assertThat(started.status()).isEqualTo("RUNNING");
            // Accepted is not begun: one still queued when the server stops is ABORTED by design.
            // Stop once its first function has logged, i.e. while it runs.
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (HomeLog.read(home, line -> "PrepareDay".equals(line.path("step").asText())).isEmpty()) {
                assertThat(System.nanoTime()).as("the execution began within 120 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            second.close(); // while the execution runs
        }

        assertThat(log.toString()).contains("execution manual-" + date + ": SUCCEEDED");
        try (LocalLedger ledger = LocalLedger.open(home)) { // DynamoDB Local was stopped: the data dir is free again
            assertThat(ledger.store().currentRun(date)).map(r -> r.runId()).contains("manual-" + date);
        }
    }

    /** The daily workflow's input as a scheduler would send it. */
    static String dailyInput(LocalDate date, String s3Uri) {
        String key = s3Uri.substring(("s3://" + LocalLedger.INPUT_BUCKET + "/").length());
        var in = JSON.createObjectNode().put("runId", "manual-" + date).put("businessDate", date.toString()).put("encoding", "UTF-8");
        in.putObject("input").put("bucket", LocalLedger.INPUT_BUCKET).put("key", key);
        in.putObject("rules").put("bucket", LocalLedger.CONFIG_BUCKET).put("key", LocalServer.RULES_KEY);
        in.put("workBucket", LocalLedger.WORK_BUCKET).put("partitionLines", 500).put("partitionsPerBatch", 2)
                .put("maxConcurrency", 4).put("maxRejectPercent", 1.0).put("requestedBy", "scheduler").put("reason", "daily run");
        return in.toString();
    }
}
