package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.cli.local.HomeLog;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.lambdas.Telemetry;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the local functions log and measure reaches the home's log as CloudWatch would hold it on
 * AWS: Powertools' JSON lines keyed by execution, run and date, one EMF document per invocation,
 * and {@code status --logs} shows them.
 */
class HomeLogFunctionalTests {

    static final LocalDate DATE = LocalDate.of(2026, 11, 20);

    @TempDir
    Path dir;

    @Test
    void aDaily_leavesEachStepsLogLines_keyedByExecutionRunAndDate_andMetricsThatAddUpToTheRun() throws IOException {
        Path home = dir.resolve("home");
        Path input = dir.resolve("d.csv");
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, 3_000, 11, 0.0005, 0.08)).write(text);
        Files.writeString(input, text.toString(), StandardCharsets.UTF_8);

        CliRun daily = CliRun.of("daily", "--home", home.toString(), "--date", DATE.toString(), "--input", input.toString(),
                "--partition-lines", "500", "--requested-by", "ops");
        assertThat(daily.exitCode()).as(daily.err()).isZero();
        assertThat(daily.out() + daily.err()).as("nothing of the functions' logs on the terminal").doesNotContain("\"level\"");

        List<JsonNode> lines = HomeLog.read(home, line -> !line.has("_aws"));
        assertThat(lines).extracting(l -> l.path("step").asText()).contains("PrepareDay", "JournalizePartitions", "FinalizeDay");
        String execution = "arn:aws:states:ap-northeast-1:000000000000:execution:ledgerflow-daily-journal:daily-" + DATE;
        for (JsonNode line : lines.stream().filter(l -> !l.path("step").asText().equals("StartDay")).toList()) {
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("businessDate").asText()).isEqualTo(DATE.toString());
            assertThat(line.path("runId").asText()).isEqualTo("daily-" + DATE);
            assertThat(line.path("execution").asText()).startsWith(execution);
            assertThat(line.path("function_name").asText()).startsWith("ledgerflow-");
            assertThat(line.path("function_request_id").asText()).isNotBlank();
            assertThat(line.path("service").asText()).isEqualTo("ledgerflow");
        }

        List<JsonNode> emf = HomeLog.read(home, line -> line.has("_aws"));
        List<JsonNode> workers = emf.stream().filter(d -> d.path("Step").asText().equals("JournalizePartitions")).toList();
        assertThat(workers).isNotEmpty();
        assertThat(workers).allSatisfy(d -> assertThat(d.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Ledgerflow"));
        long read = workers.stream().mapToLong(d -> d.path(Telemetry.LINES_READ).asLong()).sum();
        long posted = workers.stream().mapToLong(d -> d.path(Telemetry.LINES_POSTED).asLong()).sum();
        long quarantined = workers.stream().mapToLong(d -> d.path(Telemetry.LINES_QUARANTINED).asLong()).sum();
        assertThat(read).isEqualTo(3_000).isEqualTo(posted + quarantined);
        Set<String> stepsTimed = emf.stream().filter(d -> d.has(Telemetry.STEP_DURATION)).map(d -> d.path("Step").asText())
                .collect(Collectors.toSet());
        assertThat(stepsTimed).contains("PrepareDay", "JournalizePartitions", "FinalizeDay");

        CliRun status = CliRun.of("status", "--home", home.toString(), "--date", DATE.toString(), "--logs");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("FinalizeDay done in").contains("metrics of daily-" + DATE)
                .containsPattern("LinesRead\\s+3,000");
    }
}
