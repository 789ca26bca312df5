package io.ledgerflow.lambdas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelemetryTests {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** An event as a Map worker's: business keys under BatchInput, amounts with their scale. */
    public record Event(String runId, LocalDate businessDate, BigDecimal amount, boolean fail) {}

    public record Result(BigDecimal amount) {}

    public static final class CountingHandler extends JsonHandler<Event, Result> {
        public CountingHandler() {
            super(Event.class);
        }

        @Override
        Result handle(Event event, Context context) {
            if (event.fail()) {
                throw new IllegalArgumentException("refused for the test");
            }
            Telemetry.count(Telemetry.LINES_READ, 3);
            Telemetry.count(Telemetry.LINES_POSTED, 2);
            return new Result(event.amount());
        }
    }

    final StringWriter logged = new StringWriter();
    final List<String> emf = new CopyOnWriteArrayList<>();
    final Map<String, String> env = Map.of(
            "AWS_LAMBDA_FUNCTION_NAME", "ledgerflow-JournalizePartitions",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024",
            "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
            Telemetry.SERVICE_ENV, "ledgerflow-test",
            Telemetry.NAMESPACE_ENV, "LedgerflowTest");

    @BeforeEach
    void captureLogsAndMetrics() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("telemetry-test").setTarget(logged)
                .setLayout(JsonTemplateLayout.newBuilder().setConfiguration(config)
                        .setEventTemplateUri("classpath:LambdaJsonLayout.json").build())
                .build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig ours = new LoggerConfig("io.ledgerflow", Level.INFO, false);
        ours.addAppender(appender, Level.INFO, null);
        config.addLogger("io.ledgerflow", ours);
        context.updateLoggers();
        Telemetry.useMetricsProvider(new EmfLines(emf::add));
    }

    @AfterEach
    void restore() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger("io.ledgerflow");
        ((org.apache.logging.log4j.core.config.AbstractConfiguration) context.getConfiguration()).removeAppender("telemetry-test");
        context.updateLoggers();
        Telemetry.useMetricsProvider(new software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider());
    }

    @Test
    void everyLogLine_carriesLambdasFields_theExecution_runAndDate_andTheExecutionFieldIsNotPartOfTheEvent() throws Exception {
        String event = """
                {"BatchInput": {"runId": "r-1", "businessDate": "2026-11-20",
                  "execution": "arn:aws:states:ap-northeast-1:000000000000:execution:ledgerflow-daily/map:1"},
                 "runId": "r-1", "businessDate": "2026-11-20", "amount": 10.50, "fail": false}""";
        // Jackson would refuse BatchInput as an unknown field of Event: a flat event shows the strip.
        String flat = """
                {"runId": "r-1", "businessDate": "2026-11-20", "amount": 10.50, "fail": false,
                 "execution": "arn:aws:states:ap-northeast-1:000000000000:execution:ledgerflow-daily:daily-2026-11-20"}""";

        JsonNode result = invoke(flat);

        assertThat(result.get("amount").decimalValue()).isEqualByComparingTo("10.50");
        assertThat(result.get("amount").toString()).isEqualTo("10.50");
        List<JsonNode> lines = logLines();
        assertThat(lines).extracting(l -> l.get("message").asText())
                .containsExactly("CountingHandler started".replace("Handler", ""), "Counting done in " + lines.get(1)
                        .get("message").asText().replaceAll("\\D+", "") + " ms");
        for (JsonNode line : lines) {
            assertThat(line.get("level").asText()).isEqualTo("INFO");
            assertThat(line.get("function_name").asText()).isEqualTo("ledgerflow-JournalizePartitions");
            assertThat(line.get("function_request_id").asText()).isEqualTo("req-1");
            assertThat(line.get("service").asText()).isEqualTo("ledgerflow-test");
            assertThat(line.get("step").asText()).isEqualTo("Counting");
            assertThat(line.get("execution").asText()).endsWith("execution:ledgerflow-daily:daily-2026-11-20");
            assertThat(line.get("runId").asText()).isEqualTo("r-1");
            assertThat(line.get("businessDate").asText()).isEqualTo("2026-11-20");
        }
        assertThat(Telemetry.keysOf(JSON.readTree(event))).containsEntry("runId", "r-1")
                .containsEntry("execution", "arn:aws:states:ap-northeast-1:000000000000:execution:ledgerflow-daily/map:1");
    }

    @Test
    void eachInvocation_leavesOneEmfDocument_withItsCounts_duration_dimensionsAndKeys() throws Exception {
        invoke("""
                {"runId": "r-2", "businessDate": "2026-11-21", "amount": 1, "fail": false}""");

        assertThat(emf).hasSize(1);
        JsonNode doc = JSON.readTree(emf.getFirst());
        JsonNode directive = doc.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("LedgerflowTest");
        assertThat(directive.get("Dimensions").get(0)).extracting(JsonNode::asText).containsExactlyInAnyOrder("Service", "Step");
        assertThat(directive.get("Metrics")).extracting(m -> m.get("Name").asText())
                .containsExactlyInAnyOrder(Telemetry.LINES_READ, Telemetry.LINES_POSTED, Telemetry.STEP_DURATION);
        assertThat(doc.get("LinesRead").asDouble()).isEqualTo(3);
        assertThat(doc.get("LinesPosted").asDouble()).isEqualTo(2);
        assertThat(doc.get("StepDuration").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(doc.get("Service").asText()).isEqualTo("ledgerflow-test");
        assertThat(doc.get("Step").asText()).isEqualTo("Counting");
        assertThat(doc.get("runId").asText()).isEqualTo("r-2");
        assertThat(doc.get("businessDate").asText()).isEqualTo("2026-11-21");
    }

    @Test
    void aFailingInvocation_logsTheErrorAndCountsAFailure_andTheRuntimeSeesTheHandlersOwnException() throws Exception {
        assertThatThrownBy(() -> invoke("""
                {"runId": "r-3", "businessDate": "2026-11-22", "amount": 1, "fail": true}"""))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("refused for the test");

        JsonNode error = logLines().getLast();
        assertThat(error.get("level").asText()).isEqualTo("ERROR");
        assertThat(error.get("message").asText()).isEqualTo("Counting failed: refused for the test");
        assertThat(error.at("/error/name").asText()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(error.get("runId").asText()).isEqualTo("r-3");
        JsonNode doc = JSON.readTree(emf.getFirst());
        assertThat(doc.get("StepFailed").asDouble()).isEqualTo(1);
    }

    private JsonNode invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FunctionEnvironment.call(env, () -> {
            new CountingHandler().handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new BareContext("req-1"));
            return null;
        });
        return JSON.readTree(out.toByteArray());
    }

    private List<JsonNode> logLines() throws Exception {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : logged.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** What Lambda's runtime client gives a function the embedded runtime hosts: a request id, no names. */
    record BareContext(String requestId) implements Context {
        public String getAwsRequestId() { return requestId; }
        public String getLogGroupName() { return null; }
        public String getLogStreamName() { return null; }
        public String getFunctionName() { return null; }
        public String getFunctionVersion() { return null; }
        public String getInvokedFunctionArn() { return null; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 60_000; }
        public int getMemoryLimitInMB() { return 0; }
        public LambdaLogger getLogger() { return null; }
    }
}
