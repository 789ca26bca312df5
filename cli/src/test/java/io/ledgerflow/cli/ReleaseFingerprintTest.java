package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.close.CodeFingerprint;
import io.ledgerflow.core.close.CodeFingerprint.Input;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprint CI stage 2 attests and the monthly close checks, as this build computes it: the
 * core's and the handlers' classes, the ASL files and template of this checkout, the functions'
 * dependency jars; the handlers compute the same (they run this code).
 */
class ReleaseFingerprintTest {

    static final Path WORKFLOWS = GoldenCasesTest.FIXTURES.resolveSibling("workflows");

    @Test
    void theRunningCodesFingerprint_coversCoreAndHandlerClasses_theDeployedFiles_andTheDependencyJars() throws IOException {
        List<Input> inputs = CodeFingerprint.currentInputs();
        List<String> names = inputs.stream().map(Input::name).toList();

        assertThat(names).contains("class io/ledgerflow/core/journal/Journalizer.class",
                "class io/ledgerflow/lambdas/VerifyReleaseHandler.class", "class io/ledgerflow/lambdas/PrepareDayHandler.class",
                "file daily-journal.asl.json", "file monthly-close.asl.json", "file template.yaml");
        assertThat(names).anyMatch(n -> n.matches("jar jackson-databind-[0-9.]+\\.jar"))
                .anyMatch(n -> n.matches("jar aws-lambda-java-core-[0-9.]+\\.jar"))
                .noneMatch(n -> n.contains("DynamoDBLocal") || n.contains("picocli") || n.startsWith("class io/ledgerflow/cli/"));
        for (String file : List.of("daily-journal.asl.json", "monthly-close.asl.json", "template.yaml")) {
            assertThat(inputs).as("the record of " + file + " is this checkout's")
                    .contains(Input.of("file " + file, Files.readAllBytes(WORKFLOWS.resolve(file))));
        }
        assertThat(CodeFingerprint.current()).isEqualTo(CodeFingerprint.of(inputs));
    }

    @Test
    void theReleaseStep_refusesToUploadAnAttestation_ofOtherCodeThanThePackage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("0".repeat(64) + ".json"), "{}");
        ProcessBuilder builder = new ProcessBuilder("bash", WORKFLOWS.resolveSibling("scripts").resolve("release-step")
                .toString(), "attest", "ledgerflow-test", dir.toString()).redirectErrorStream(true);
        // The package the step fingerprints: this test's class path holds the same code.
        builder.environment().put("LEDGERFLOW_LAMBDAS_PACKAGE", System.getProperty("java.class.path"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("is not for the package being deployed").contains(CodeFingerprint.current());
    }
}
