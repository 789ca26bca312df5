package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local serve}'s trigger options: refused before anything starts when they cannot work. */
class LocalServeOptionsTest {

    @Test
    void now_thatIsNoTimeWithAnOffset_isBadUsage(@TempDir Path home) {
        CliRun run = CliRun.of("local", "serve", "--home", home.toString(), "--now", "2026-11-21 06:29");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--now: '2026-11-21 06:29' is not an ISO-8601 time with an offset");
        assertThat(home.resolve("dynamodb")).as("nothing started").satisfies(p -> assertThat(Files.exists(p)).isFalse());
    }

    @Test
    void anotherRegion_withTheTriggersOn_isBadUsage(@TempDir Path home) {
        CliRun run = CliRun.of("local", "serve", "--home", home.toString(), "--region", "us-east-1");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--region us-east-1: the template's triggers start the stack deployed in ap-northeast-1");
    }

    @Test
    void help_namesTheTriggerOptions() {
        CliRun run = CliRun.of("local", "serve", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--no-schedules", "--no-file-events", "--now=TIME", "aws s3 cp day.csv");
    }
}
