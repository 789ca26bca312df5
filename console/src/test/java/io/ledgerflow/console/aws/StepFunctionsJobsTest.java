package io.ledgerflow.console.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.Role;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.daily.ObjectRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Reruns and closes started from the console on AWS. Step Functions is the AWS control plane,
 * which nothing local plays for the console module, so a small HTTP server answers StartExecution
 * and DescribeExecution (AWS JSON 1.0, shapes from
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html) and
 * keeps what it was asked.
 */
class StepFunctionsJobsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DAILY = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:ledgerflow-daily-journal";
    static final String CLOSE = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:ledgerflow-monthly-close";
    static final ConsoleUser KEIKO = new ConsoleUser("keiko.tanaka@example.co.jp", Role.CLOSER);

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile String describeAnswer;
    private StepFunctionsClient sfn;
    private StepFunctionsJobs jobs;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            requests.add(((com.fasterxml.jackson.databind.node.ObjectNode) request).put("target", target));
            String answer = target.endsWith(".StartExecution")
                    ? "{\"executionArn\":\"" + StepFunctionsClient.executionArn(request.path("stateMachineArn").asText(),
                            request.path("name").asText()) + "\",\"startDate\":1.7951328E9}"
                    : describeAnswer;
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        sfn = new StepFunctionsClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "ap-northeast-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        jobs = new StepFunctionsJobs(sfn, new StepFunctionsJobs.Settings(DAILY, CLOSE,
                new ObjectRef("ledgerflow-config-123456789012-ap-northeast-1", "rules/rules.yaml"),
                "ledgerflow-work-123456789012-ap-northeast-1", "1000"),
                Clock.fixed(Instant.parse("2026-12-01T01:02:03.456Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.stop(0);
    }

    @Test
    void aRerun_startsTheDailyStateMachine_onTheUploadedFile_recordedAsTheSignedInUser() throws IOException {
        ObjectRef file = new ObjectRef("ledgerflow-input-123456789012-ap-northeast-1", "console/2026-11-20/u-42.csv");

        String job = jobs.startRerun(LocalDate.of(2026, 11, 20), file, "UTF-8", "site OSA02 resent its file", KEIKO);

        assertThat(job).isEqualTo(DAILY.replace(":stateMachine:", ":execution:") + ":rerun-2026-11-20-20261201T010203456Z");
        JsonNode start = requests.getFirst();
        assertThat(start.path("target").asText()).isEqualTo("AWSStepFunctions.StartExecution");
        assertThat(start.path("stateMachineArn").asText()).isEqualTo(DAILY);
        JsonNode input = JSON.readTree(start.path("input").asText());
        assertThat(input.path("runId").asText()).isEqualTo("rerun-2026-11-20-20261201T010203456Z");
        assertThat(input.path("businessDate").asText()).isEqualTo("2026-11-20");
        assertThat(input.path("input").path("key").asText()).isEqualTo("console/2026-11-20/u-42.csv");
        assertThat(input.path("rules").path("key").asText()).isEqualTo("rules/rules.yaml");
        assertThat(input.path("requestedBy").asText()).isEqualTo("keiko.tanaka@example.co.jp");
        assertThat(input.path("reason").asText()).isEqualTo("site OSA02 resent its file");
    }

    @Test
    void aClose_startsTheCloseStateMachine_withTheClisInput_andAnOverrideRecordsWhoAndWhy() throws IOException {
        jobs.startClose(YearMonth.of(2026, 11), KEIKO, null);
        jobs.startClose(YearMonth.of(2026, 11), KEIKO, "CI down, verified by hand");

        JsonNode plain = JSON.readTree(requests.get(0).path("input").asText());
        JsonNode override = JSON.readTree(requests.get(1).path("input").asText());
        assertThat(requests.get(0).path("stateMachineArn").asText()).isEqualTo(CLOSE);
        assertThat(requests.get(0).path("name").asText()).isEqualTo("close-2026-11-20261201T010203456Z");
        assertThat(plain.path("month").asText()).isEqualTo("2026-11");
        assertThat(plain.path("company").asText()).isEqualTo("1000");
        assertThat(plain.path("requestedBy").asText()).isEqualTo("keiko.tanaka@example.co.jp");
        assertThat(plain.path("proceedWithoutAttestation").isNull()).isTrue();
        assertThat(override.path("proceedWithoutAttestation").path("reason").asText()).isEqualTo("CI down, verified by hand");
        assertThat(override.path("proceedWithoutAttestation").path("requestedBy").asText()).isEqualTo(KEIKO.name());
    }

    @Test
    void aJob_isItsExecutionDescribed_andAnIdOfAnotherStateMachineIsNoJob() {
        String arn = DAILY.replace(":stateMachine:", ":execution:") + ":rerun-2026-11-20-20261201T010203456Z";
        describeAnswer = "{\"executionArn\":\"" + arn + "\",\"stateMachineArn\":\"" + DAILY + "\",\"name\":\"rerun-2026-11-20-"
                + "20261201T010203456Z\",\"status\":\"FAILED\",\"startDate\":1.7951328E9,\"stopDate\":1.79513286E9,"
                + "\"input\":\"{\\\"businessDate\\\":\\\"2026-11-20\\\",\\\"requestedBy\\\":\\\"keiko.tanaka@example.co.jp\\\"}\","
                + "\"error\":\"io.ledgerflow.core.store.PeriodNotOpenException\",\"cause\":\"period 2026-11 is CLOSED\"}";

        JobView job = jobs.job(arn).orElseThrow();

        assertThat(job.kind()).isEqualTo("RERUN");
        assertThat(job.subject()).isEqualTo("2026-11-20");
        assertThat(job.state()).isEqualTo("FAILED");
        assertThat(job.requestedBy()).isEqualTo("keiko.tanaka@example.co.jp");
        assertThat(job.startedAt()).isEqualTo(Instant.ofEpochSecond(1_795_132_800));
        assertThat(job.finishedAt()).isEqualTo(Instant.ofEpochSecond(1_795_132_860));
        assertThat(job.cause()).isEqualTo("period 2026-11 is CLOSED");
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.path("executionArn").asText()).isEqualTo(arn));

        requests.clear();
        assertThat(jobs.job("arn:aws:states:ap-northeast-1:123456789012:execution:other-machine:rerun-x")).isEmpty();
        assertThat(jobs.job(DAILY.replace(":stateMachine:", ":execution:") + ":daily-2026-11-20")).isEmpty();
        assertThat(requests).as("nothing else is described").isEmpty();
    }

    @Test
    void aRerunOrOverrideWithoutAReason_isRefused_andNothingStarts() {
        ObjectRef file = new ObjectRef("b", "console/2026-11-20/u.csv");

        assertThatThrownBy(() -> jobs.startRerun(LocalDate.of(2026, 11, 20), file, "UTF-8", " ", KEIKO))
                .isInstanceOf(ConsoleRefusedException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> jobs.startClose(YearMonth.of(2026, 11), KEIKO, ""))
                .isInstanceOf(ConsoleRefusedException.class);
        assertThat(requests).isEmpty();
    }
}
