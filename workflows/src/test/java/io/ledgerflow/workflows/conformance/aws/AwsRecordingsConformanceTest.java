package io.ledgerflow.workflows.conformance.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.workflows.asl.Definitions;
import io.ledgerflow.workflows.asl.InvalidDefinitionException;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every selected execution that LocalStack's Step Functions tests recorded against AWS
 * (see {@code src/test/resources/conformance/aws/README.md}) on this runtime, and compares how
 * it ends with the recording: status, output, and for failures error and cause.
 *
 * <p>The executions are independent (each its own {@code @TempDir} home, functions and runtime) and
 * run concurrently (src/test/resources/junit-platform.properties): the recorded Task timeouts wait
 * their 5 s side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class AwsRecordingsConformanceTest {

    /** A fixed clock: Wait timestamps in the recordings are relative to "now". */
    private static final Instant NOW = Instant.parse("2026-03-23T09:51:59Z");
    /** Numbers compare by value, as the recordings' Python comparison does (1 == 1.0). */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    @TempDir
    Path home;

    static List<RecordedCase> cases() {
        return new AwsRecordings(NOW).load();
    }

    @Test
    void suite_coversAtLeastSixtyRecordedExecutions() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void execution_endsAsRecordedOnAws(RecordedCase c) {
        // given: the input the test sent, which the recording shows after LocalStack's transformers
        RecordedCase.Expected expected = c.expected();
        if (!(expected instanceof RecordedCase.Rejected)) {
            assertThat(c.transformers().document(c.input())).as("%s: input as recorded", c)
                    .isEqualTo(c.recordedInput());
        }

        // when
        if (expected instanceof RecordedCase.Rejected r) {
            assertThatThrownBy(() -> Definitions.readValid(c.definition(), Map.of()))
                    .as("%s: AWS refused the definition: %s", c, r.message())
                    .isInstanceOf(InvalidDefinitionException.class);
            return;
        }
        ExecutionResult result = runtime(c).start(AwsRecordings.STATE_MACHINE_NAME, c.definition(), c.input(),
                c.executionName());

        // then
        switch (expected) {
            case RecordedCase.Succeeded s -> {
                assertThat(result.status()).as("%s: status (error %s, cause %s)", c, result.error(), result.cause())
                        .isEqualTo("SUCCEEDED");
                JsonNode output = c.transformers().document(result.output());
                JsonNode recorded = c.transformers().masked(s.output());
                assertThat(output.equals(NUMBERS_BY_VALUE, recorded)).as("%s: output %s, recorded %s", c, output, recorded)
                        .isTrue();
            }
            case RecordedCase.Failed f -> {
                assertThat(result.status()).as("%s: status (output %s)", c, result.output()).isEqualTo("FAILED");
                assertThat(result.error()).as("%s: error", c).isEqualTo(f.error());
                if (f.cause() == null) { // AWS records no cause when it is empty
                    assertThat(result.cause()).as("%s: cause", c).isNullOrEmpty();
                } else {
                    assertThat(c.transformers().cause(result.cause())).as("%s: cause", c)
                            .isEqualTo(SnapshotTransformers.recordedCause(f.cause()));
                }
            }
            case RecordedCase.Ended e -> assertThat(result.status()).as("%s: status", c).isEqualTo(e.status());
            case RecordedCase.Rejected r -> throw new IllegalStateException("a refused definition does not run");
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WorkflowRuntime runtime(RecordedCase c) {
        LambdaFunctions.Builder functions = LambdaFunctions.builder();
        c.functions().forEach((name, kind) -> RecordedFunctions.register(functions, name, kind));
        FileSystemObjectStore s3 = new FileSystemObjectStore(home.resolve("s3"));
        c.objects().forEach((where, body) -> {
            int slash = where.indexOf('/');
            String bucket = where.substring(0, slash);
            String key = where.substring(slash + 1);
            if (key.isEmpty()) {
                createDirectories(home.resolve("s3").resolve(bucket));
            } else {
                s3.put(bucket, key, body.getBytes(StandardCharsets.UTF_8));
            }
        });
        return new WorkflowRuntime(home, functions.build(), s3,
                d -> { }, Clock.fixed(NOW, ZoneOffset.UTC), new Random(42));
    }
}
