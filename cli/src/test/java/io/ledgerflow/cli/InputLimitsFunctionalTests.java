package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.local.StepFunctionsServer;
import io.ledgerflow.cli.targets.AwsTarget;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.cli.targets.Target;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectSummary;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.lambdas.Collaborators;
import io.ledgerflow.lambdas.FinalizeDayHandler;
import io.ledgerflow.lambdas.JournalizePartitionsHandler;
import io.ledgerflow.lambdas.PrepareDayHandler;
import io.ledgerflow.lambdas.RecordRunFailureHandler;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.Sleeper;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What a day's file may be, on the embedded default: its size (refused before anything is
 * written), its header (names with spaces around them), an invoice whose entry DynamoDB cannot
 * hold (quarantined, not a failed day), and what running out of memory looks like (exit 3).
 */
class InputLimitsFunctionalTests {

    static final LocalDate DATE = DailyWorkflowFunctionalTests.DATE;
    static final String RULES = DailyWorkflowFunctionalTests.RULES;

    @TempDir
    Path dir;

    Path home() {
        return dir.resolve("home");
    }

    CliRun daily(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("daily", "--home", home().toString(), "--date", DATE.toString(),
                "--input", input.toString(), "--partition-lines", "500"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    String generated(long records, long seed) {
        return Journals.generated(DATE, records, seed, 0);
    }

    String journalize(Path input) throws IOException {
        return Journals.journalize(dir, DATE, input);
    }

    String storedJournal() throws IOException {
        return Journals.stored(dir, home(), DATE);
    }

    @Test
    void daily_ofA2GbFile_isRefusedAtOnce_exit2_andNothingIsWritten() throws IOException {
        // given a 2 GB file (sparse: it costs no disk)
        Path huge = dir.resolve("huge.csv");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(2L * 1024 * 1024 * 1024);
        }

        // when it is run
        long started = System.nanoTime();
        CliRun run = daily(huge);
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then it is refused at once, naming the file, its size and the limit, and no home was made
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("ledgerflow: error: " + huge + ": the file is 2.0 GiB (2147483648 bytes), "
                + "over the input size limit of 1.0 GiB (1073741824 bytes); nothing was written");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
        assertThat(millis).as("refused without reading the file").isLessThan(5_000);
        assertThat(home()).doesNotExist();
    }

    @Test
    void daily_overAGivenLimit_isRefused_exit2_andTheLimitIsAnOption() throws IOException {
        Path input = Files.writeString(dir.resolve("d.csv"), generated(200, 1));
        CliRun refused = daily(input, "--max-input-size", "4k");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("over the input size limit of 4.0 KiB (4096 bytes)");
        assertThat(home()).doesNotExist();
        CliRun bad = daily(input, "--max-input-size", "lots");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("'lots' is not a size");
        assertThat(CliRun.of("daily", "--help").out()).contains("--max-input-size", "LEDGERFLOW_MAX_INPUT_SIZE");
    }

    @Test
    void daily_withSpacesAroundHeaderNames_publishes_andEqualsJournalize() throws IOException {
        // given a file whose header names carry spaces
        String csv = generated(1_500, 2);
        int end = csv.indexOf('\n');
        String header = String.join(",", java.util.Arrays.stream(csv.substring(0, end).split(",", -1))
                .map(name -> " " + name + " ").toList());
        Path input = Files.writeString(dir.resolve("spaced.csv"), header + csv.substring(end));

        // when the day runs
        CliRun run = daily(input);

        // then it publishes, with the journal the pure calculation gives
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("read 1500 lines = posted 1500 + quarantined 0");
        assertThat(storedJournal()).isEqualTo(journalize(input));
    }

    @Test
    void daily_withAnInvoiceTooLargeForOneItem_publishes_withThatInvoiceQuarantined() throws IOException {
        // given a day with one invoice of 5,000 lines (its entry would be about 700 KB; DynamoDB holds 400 KB)
        String csv = generated(2_000, 3);
        StringBuilder big = new StringBuilder(csv);
        for (int i = 0; i < 5_000; i++) {
            big.append(String.format("BIG-%060d,INV-BIG,%s,TYO01,C0001,FREIGHT,S10,1,100,JPY,bulk%n", i, DATE));
        }
        Path input = Files.writeString(dir.resolve("big.csv"), big);
        Path rejects = dir.resolve("rejects.csv");

        // when the day runs on DynamoDB Local (a quarantined day of 7,000 lines: 71 %)
        CliRun run = daily(input, "--max-reject-percent", "100", "--rejects", rejects.toString());

        // then it publishes: the big invoice quarantined with its reason, the rest posted, read = posted + quarantined
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("read 7000 lines = posted 2000 + quarantined 5000");
        List<String> rejected = Files.readAllLines(rejects);
        assertThat(rejected).hasSize(5_001);
        assertThat(rejected.get(1)).isEqualTo("2002,BIG-" + "0".repeat(60) + ",INV-BIG,ENTRY_TOO_LARGE");
        assertThat(rejected.stream().skip(1)).allMatch(line -> line.endsWith(",INV-BIG,ENTRY_TOO_LARGE"));
        String journal = storedJournal();
        assertThat(journal).doesNotContain("INV-BIG");
        Path rest = Files.writeString(dir.resolve("rest.csv"), csv);
        assertThat(journal).isEqualTo(journalize(rest));
        try (LocalLedger ledger = LocalLedger.open(home())) {
            RunRecord current = ledger.store().runs(DATE).getFirst();
            assertThat(current.status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    @Test
    void outOfMemoryInACommand_exits3_withAMessage_andNoStackTrace() {
        // given a command that runs out of heap
        StringWriter err = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.addSubcommand("exhaust", new CommandLine(new Exhaust()));
        cli.setErr(new PrintWriter(err, true));

        // when it runs
        int code;
        try {
            code = cli.execute("exhaust");
        } catch (OutOfMemoryError e) {
            code = ExitCodeExceptionHandler.outOfMemory(e, cli); // what Main.execute does when picocli lets it through
        }

        // then exit 3 and one line that says what to do
        assertThat(code).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(err.toString()).startsWith("ledgerflow: error: infrastructure: out of memory (Java heap space); ")
                .contains("LEDGERFLOW_JAVA_OPTS=-Xmx4g").doesNotContain("\tat ");
    }

    @CommandLine.Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void outOfMemoryInAFunction_failsTheRun_recordsItFailed_andMapsToExit3() throws Exception {
        // given a day whose Finalize runs out of heap reading the partitions' results (after the workers wrote)
        Path input = Files.writeString(dir.resolve("d.csv"), generated(1_000, 4));
        try (LocalLedger ledger = LocalLedger.open(home())) {
            WorkflowRuntime runtime = runtimeWith(ledger, exhaustedReading(ledger.objects(), "results/part-00000.json"), input);

            // when the day runs
            ExecutionResult result = runtime.start("daily-journal", StateMachines.definition(StateMachines.DAILY_JOURNAL)
                    .orElseThrow(), WorkflowRuntime.parseInput(executionInput("oom-run")), "oom-run");

            // then the execution failed through the workflow's catch, and the run is recorded failed (and purged)
            assertThat(result.error()).as(result.toString()).isEqualTo("java.lang.OutOfMemoryError");
            assertThat(ledger.store().runs(DATE)).extracting(RunRecord::status).containsExactly(RunStatus.PURGED);
        }
        // and the CLI maps the function's OutOfMemoryError to exit 3
        assertThat(FailureNames.exitCode("java.lang.OutOfMemoryError")).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(OutOfMemory.ERRORS).contains("java.lang.OutOfMemoryError", "Runtime.OutOfMemory");
    }

    @Test
    void outOfMemoryInAWorker_failsTheMapRun_andTheCommandReadsTheChildsError_exit3() throws Exception {
        // given a day whose second partition's worker runs out of heap reading its partition
        Path input = Files.writeString(dir.resolve("d.csv"), generated(1_000, 4));
        try (LocalLedger ledger = LocalLedger.open(home())) {
            WorkflowRuntime runtime = runtimeWith(ledger, exhaustedReading(ledger.objects(), "partitions/part-00001.json"), input);
            Target target = EmbeddedTarget.synchronous(runtime);

            // when the day runs through the CLI's target
            ExecutionView ended = target.start(StateMachines.DAILY_JOURNAL, "oom-worker", WorkflowRuntime.parseInput(
                    executionInput("oom-worker")));

            // then the map run failed (its own error says only that), the run is recorded failed and purged,
            assertThat(ended.error()).as(ended.toString()).isEqualTo(MapRunFailure.THRESHOLD_EXCEEDED);
            assertThat(ledger.store().runs(DATE)).extracting(RunRecord::status).containsExactly(RunStatus.PURGED);
            // and its failed child says why: out of memory, which the command reports as exit 3
            assertThat(target.failedMapChildren(ended.executionArn(), 10)).extracting(Target.ChildFailure::error)
                    .containsExactly("java.lang.OutOfMemoryError");
            ExecutionView cause = MapRunFailure.rootCause(ended, target);
            assertThat(cause.error()).isEqualTo("java.lang.OutOfMemoryError");
            assertThat(OutOfMemory.ERRORS).contains(cause.error());
            assertThat(FailureNames.message(cause.cause())).contains("Java heap space");

            // and the same is read over Step Functions' protocol (ListMapRuns, ListExecutions by mapRunArn,
            // DescribeExecution of the child), as the CLI reads it on AWS, from the local server
            EmbeddedTarget served = EmbeddedTarget.asynchronous(runtime, LocalLedger.REGION, new PrintWriter(new StringWriter()));
            try (StepFunctionsServer server = StepFunctionsServer.start(served.service(), 0, new PrintWriter(new StringWriter()));
                    AwsTarget aws = AwsTarget.over(new StepFunctionsClient(server.endpoint(), LocalLedger.REGION,
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))), Map.of())) {
                String arn = served.executionArn(StateMachines.DAILY_JOURNAL, "oom-worker");
                assertThat(aws.failedMapChildren(arn, 10)).extracting(Target.ChildFailure::error)
                        .containsExactly("java.lang.OutOfMemoryError");
                assertThat(MapRunFailure.rootCause(aws.describe(arn), aws).error()).isEqualTo("java.lang.OutOfMemoryError");
            } finally {
                served.close(java.time.Duration.ofSeconds(10));
            }
        }
    }

    /** The daily workflow's functions over {@code objects}, the day's file and rules stored as the CLI stores them. */
    private WorkflowRuntime runtimeWith(LocalLedger ledger, ObjectStore objects, Path input) throws IOException {
        Collaborators c = new Collaborators(new DailyJournalService(ledger.store(), objects), ProgressListener.NONE);
        LambdaFunctions functions = LambdaFunctions.builder()
                .register("ledgerflow-prepare-day", PrepareDayHandler.class, () -> new PrepareDayHandler(c))
                .register("ledgerflow-journalize-partitions", JournalizePartitionsHandler.class,
                        () -> new JournalizePartitionsHandler(c))
                .register("ledgerflow-finalize-day", FinalizeDayHandler.class, () -> new FinalizeDayHandler(c))
                .register("ledgerflow-record-run-failure", RecordRunFailureHandler.class, () -> new RecordRunFailureHandler(c))
                .build();
        ledger.objects().put(LocalLedger.INPUT_BUCKET, "d.csv", Files.readAllBytes(input));
        ledger.objects().put(LocalLedger.CONFIG_BUCKET, "rules.yaml", Files.readAllBytes(Path.of(RULES)));
        return new WorkflowRuntime(home(), functions, ledger.objects(), Sleeper.REAL, Clock.systemUTC(), new Random(1));
    }

    private static String executionInput(String name) {
        return """
                {"runId":"%s","businessDate":"2026-11-20","encoding":"UTF-8",
                 "input":{"bucket":"ledgerflow-input","key":"d.csv"},
                 "rules":{"bucket":"ledgerflow-config","key":"rules.yaml"},
                 "workBucket":"ledgerflow-work","partitionLines":500,"partitionsPerBatch":1,"maxConcurrency":2,
                 "maxRejectPercent":1.0,"requestedBy":"test","reason":"out of memory"}
                """.formatted(name);
    }

    /** The local object store, where reading {@code key} runs out of heap. */
    static ObjectStore exhaustedReading(ObjectStore objects, String key) {
        return new ObjectStore() {
            @Override
            public InputStream open(String bucket, String k) {
                if (k.endsWith(key)) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return objects.open(bucket, k);
            }

            @Override
            public void put(String bucket, String k, byte[] content) {
                objects.put(bucket, k, content);
            }

            @Override
            public List<ObjectSummary> list(String bucket, String prefix, String startAfter, int keysMax) {
                return objects.list(bucket, prefix, startAfter, keysMax);
            }
        };
    }
}
