package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ledgerflow workflow run|validate}: the result line, exit codes, and no stack traces. */
class WorkflowCommandTest {

    @TempDir
    Path dir;

    /** A handler that refuses odd numbers. */
    public static final class EvenOnly implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            if (((Number) event.get("n")).intValue() % 2 != 0) {
                throw new IllegalArgumentException("odd: " + event.get("n"));
            }
            return Map.of("even", event.get("n"));
        }
    }

    private static String lastLine(CliRun run) {
        var lines = run.out().strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path definition() throws IOException {
        return Files.writeString(dir.resolve("even.asl.json"), """
                {"StartAt": "Check", "States": {"Check": {"Type": "Task", "Resource": "${EvenArn}", "End": true}}}""");
    }

    private CliRun runEven(String input, String... extra) throws IOException {
        String[] base = {"workflow", "run", "--definition", definition().toString(), "--input", input,
            "--home", dir.resolve("home").toString(), "--substitution",
            "EvenArn=arn:aws:lambda:us-east-1:123456789012:function:Even",
            "--handler", "Even=" + EvenOnly.class.getName()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return run(args);
    }

    @Test
    void run_succeeded_printsResultAsLastLine_exit0() throws IOException {
        CliRun r = runEven("{\"n\": 4}");
        assertThat(r.exitCode()).isZero();
        assertThat(lastLine(r)).isEqualTo("{\"status\":\"SUCCEEDED\",\"output\":{\"even\":4}}");
    }

    @Test
    void run_failed_printsErrorAndCause_exit1_withoutStackTrace() throws IOException {
        CliRun r = runEven("{\"n\": 3}");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(lastLine(r)).startsWith("{\"status\":\"FAILED\",\"error\":\"java.lang.IllegalArgumentException\",\"cause\":");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void run_namedTwiceWithOtherInput_exit2() throws IOException {
        assertThat(runEven("{\"n\": 2}", "--name", "n-1").exitCode()).isZero();
        CliRun again = runEven("{\"n\": 6}", "--name", "n-1");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("Execution Already Exists");
    }

    @Test
    void run_badInputJson_exit2() throws IOException {
        CliRun r = runEven("{not json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--input is not valid JSON");
    }

    @Test
    void validate_invalidDefinition_exit2_namingStateAndRule() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.asl.json"), """
                {"StartAt": "A", "States": {"A": {"Type": "Pass"}}}""");
        CliRun r = run("workflow", "validate", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("state 'A': MISSING_TRANSITION");
    }

    @Test
    void validate_severalFiles_reportsEach_andExits2WhenAnyIsInvalid() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.asl.json"), """
                {"StartAt": "A", "States": {"A": {"Type": "Pass"}}}""");
        CliRun r = run("workflow", "validate", definition().toString(), bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("valid: " + definition()).doesNotContain("valid: " + bad);
        assertThat(r.err()).contains("state 'A': MISSING_TRANSITION");

        CliRun both = run("workflow", "validate", definition().toString(), definition().toString());
        assertThat(both.exitCode()).isZero();
        assertThat(both.out().lines().filter(l -> l.startsWith("valid: "))).hasSize(2);
    }

    @Test
    void validate_validDefinition_exit0() throws IOException {
        CliRun r = run("workflow", "validate", definition().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("valid: ");
    }
}
