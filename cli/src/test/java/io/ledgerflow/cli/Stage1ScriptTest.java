package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ci/stage1 itself: a stage that finds no golden case fails, it does not pass as "0 failed". */
class Stage1ScriptTest {

    static final Path STAGE1 = GoldenCasesTest.FIXTURES.resolveSibling("ci").resolve("stage1");

    @TempDir
    Path dir;

    @Test
    void stage1_fails_whenItFindsNoGoldenCase() throws Exception {
        Files.writeString(dir.resolve("README.md"), "not a case\n");
        Files.createDirectory(dir.resolve("not-a-case"));

        Result run = stage1(dir);

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("stage1: FAILED: no golden cases in " + dir);
    }

    @Test
    void stage1_fails_whenTheCasesFolderIsMissing() throws Exception {
        Result run = stage1(dir.resolve("moved"));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("no golden cases");
    }

    record Result(int exitCode, String output) {}

    private static Result stage1(Path casesDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", STAGE1.toString()).redirectErrorStream(true);
        builder.environment().put("LEDGERFLOW_STAGE1_CASES", casesDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ci/stage1 ended").isTrue();
        return new Result(process.exitValue(), output);
    }
}
