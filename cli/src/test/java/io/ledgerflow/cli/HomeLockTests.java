package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.cli.local.HomeLock;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.RunRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per home: real processes on one home, the OS lock between them ({@link HomeLock}).
 */
class HomeLockTests {

    static final LocalDate DATE = LocalDate.of(2026, 11, 20);

    @TempDir
    Path dir;

    @BeforeAll
    static void dummyCredentials() {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
    }

    Path home() {
        return dir.resolve("home");
    }

    Path generate(long records) throws IOException {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, records, 7, 0.0005, 0.08)).write(text);
        return Files.writeString(dir.resolve("d.csv"), text.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void twoDailyProcessesAtOnce_oneRuns_theOtherNamesTheHolderAndExits3() throws Exception {
        Path input = generate(5_000);
        String[] daily = {"daily", "--home", home().toString(), "--date", DATE.toString(), "--input", input.toString()};

        CliProcess first = CliProcess.start(dir.resolve("first.log"), daily);
        CliProcess second = CliProcess.start(dir.resolve("second.log"), daily);
        int firstExit = first.exitCode(5);
        int secondExit = second.exitCode(5);

        assertThat(List.of(firstExit, secondExit)).as("first:%n%s%nsecond:%n%s", first.output(), second.output())
                .containsExactlyInAnyOrder(ExitCode.DONE, ExitCode.INFRASTRUCTURE);
        CliProcess winner = firstExit == ExitCode.DONE ? first : second;
        CliProcess loser = winner == first ? second : first;
        String refusal = loser.output().strip();
        assertThat(refusal.lines()).as(refusal).hasSize(1);
        assertThat(refusal).contains("home " + home() + " is in use by pid " + winner.pid() + " (ledgerflow daily --home "
                + home() + " --date " + DATE).contains("--wait-for-home");
        assertThat(winner.output()).contains("run daily-" + DATE + " published");
        try (LocalLedger ledger = LocalLedger.open(home())) {
            assertThat(ledger.store().runs(DATE)).extracting(RunRecord::runId).containsExactly("daily-" + DATE);
        }
    }

    @Test
    void localServe_holdsTheHome_awsTargetGoesThroughIt_andWaitForHomeWaitsUntilItEnds() throws Exception {
        CliProcess serve = CliProcess.start(dir.resolve("serve.log"), "local", "serve", "--home", home().toString(),
                "--no-schedules", "--no-file-events", "--drain-seconds", "5");
        try {
            assertThat(serve.awaitOutput("AWS_ENDPOINT_URL_SFN=", 180)).as(serve.output()).isTrue();
            Matcher endpoint = Pattern.compile("AWS_ENDPOINT_URL_SFN=(\\S+)").matcher(serve.output());
            assertThat(endpoint.find()).isTrue();
            String dailyArn = StateMachines.stateMachineArn(LocalLedger.REGION, EmbeddedTarget.ACCOUNT,
                    StateMachines.DAILY_JOURNAL);

            // given local serve holds the home, when this process asks for it: refused, naming the server
            CliRun embedded = CliRun.of("status", "--home", home().toString(), "--date", DATE.toString());
            assertThat(embedded.exitCode()).as(embedded.err()).isEqualTo(ExitCode.INFRASTRUCTURE);
            assertThat(embedded.err()).contains("is in use by pid " + serve.pid() + " (ledgerflow local serve --home");
            // ... and through the server with --target aws: no lock taken, the server answers
            CliRun viaServer = CliRun.of("status", "--home", home().toString(), "--date", DATE.toString(), "--target", "aws",
                    "--endpoint-url", endpoint.group(1), "--region", LocalLedger.REGION, "--daily-state-machine-arn", dailyArn);
            assertThat(viaServer.exitCode()).as(viaServer.err()).isZero();
            assertThat(viaServer.out()).contains("daily-journal: 0 execution(s)");
            // ... and commands that do not use the home's engines take nothing
            CliRun version = CliRun.of("--version");
            assertThat(version.exitCode()).as(version.err()).isZero();
            CliRun generate = CliRun.of("generate", "--date", DATE.toString(), "--records", "10", "--seed", "1",
                    "--out", dir.resolve("g.csv").toString());
            assertThat(generate.exitCode()).as(generate.err()).isZero();

            // when another process waits for the home
            CliProcess waiting = CliProcess.start(dir.resolve("waiting.log"), "status", "--home", home().toString(),
                    "--date", DATE.toString(), "--wait-for-home");
            assertThat(waiting.awaitOutput("waiting for it to end", 120)).as(waiting.output()).isTrue();
            assertThat(waiting.output()).contains("is in use by pid " + serve.pid());
            Thread.sleep(1_000);
            assertThat(waiting.process().isAlive()).as(waiting.output()).isTrue();

            // then it goes on once the server stops
            serve.process().destroy(); // SIGTERM: the server drains and stops; the OS lock goes with the process
            assertThat(serve.process().waitFor(2, TimeUnit.MINUTES)).as(serve.output()).isTrue();
            assertThat(waiting.exitCode(3)).as(waiting.output()).isZero();
            assertThat(waiting.output()).contains("is free now").contains(DATE + "  period 2026-11 OPEN");
        } finally {
            serve.process().destroyForcibly();
        }
    }

    @Test
    void oneProcess_sharesItsHold_andReleasesItWithTheLastHandle() throws Exception {
        Path home = home();
        try (HomeLock outer = HomeLock.acquire(home, HomeLock.Waiting.refuse(null, "ledgerflow test outer"))) {
            try (HomeLock inner = HomeLock.acquire(home, HomeLock.Waiting.refuse(null, "ledgerflow test inner"))) {
                assertThat(inner.self()).isEqualTo(outer.self());
            }
            CliProcess other = CliProcess.start(dir.resolve("other.log"), "status", "--home", home.toString(),
                    "--date", DATE.toString());
            assertThat(other.exitCode(3)).as(other.output()).isEqualTo(ExitCode.INFRASTRUCTURE);
            assertThat(other.output()).contains("is in use by pid " + ProcessHandle.current().pid() + " (ledgerflow test outer)");
        }
        CliProcess after = CliProcess.start(dir.resolve("after.log"), "status", "--home", home.toString(),
                "--date", DATE.toString());
        assertThat(after.exitCode(3)).as(after.output()).isZero();
    }
}
