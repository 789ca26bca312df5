package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbClients;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectSummary;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.lambdas.Collaborators;
import io.ledgerflow.lambdas.FinalizeDayHandler;
import io.ledgerflow.lambdas.JournalizePartitionsHandler;
import io.ledgerflow.lambdas.PrepareDayHandler;
import io.ledgerflow.lambdas.RecordRunFailureHandler;
import io.ledgerflow.workflows.runtime.Execution;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.ExecutionStatus;
import io.ledgerflow.workflows.runtime.ExecutionStore;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.Sleeper;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context.BeforeExecution;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily journal workflow end to end on the embedded default: the real ASL on the embedded
 * runtime, the real handlers, DynamoDB Local and the folder object store, driven through the CLI.
 */
class DailyWorkflowFunctionalTests {

    static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    static final String RULES = GoldenCasesTest.FIXTURES.resolve("rules.yaml").toString();

    @TempDir
    Path dir;

    Path home() {
        return dir.resolve("home");
    }

    Path generate(String name, long records, long seed) throws IOException {
        return Journals.generate(dir.resolve(name), DATE, records, seed, 0.0005);
    }

    /** The canonical journal of {@code input} by the pure calculation. */
    String journalize(Path input) throws IOException {
        return Journals.journalize(dir, DATE, input);
    }

    String storedJournal() throws IOException {
        return Journals.stored(dir, home(), DATE);
    }

    CliRun daily(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("daily", "--home", home().toString(), "--date", DATE.toString(),
                "--input", input.toString(), "--partition-lines", "500"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    CliRun rerun(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("rerun", "--home", home().toString(), "--date", DATE.toString(),
                "--input", input.toString(), "--partition-lines", "500", "--reason", "site resent its file",
                "--requested-by", "hanako.sato"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void daily_thenJournal_equalsJournalizeByteForByte_andTrialBalanceFollows() throws IOException {
        Path input = generate("d.csv", 4_000, 7);
        CliRun run = daily(input);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("read 4000 lines = posted");
        assertThat(storedJournal()).isEqualTo(journalize(input));

        assertThat(storedTrialBalance()).isEqualTo(trialBalanceOf(journalize(input)));
    }

    @Test
    void dailyTwice_andARerunOfTheSameFile_leaveAnIdenticalJournal() throws IOException {
        Path input = generate("d.csv", 3_000, 8);
        assertThat(daily(input).exitCode()).isZero();
        String first = storedJournal();
        CliRun again = daily(input);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(storedJournal()).isEqualTo(first);
        CliRun rerun = rerun(input);
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.err()).contains("replaced run daily-" + DATE);
        assertThat(storedJournal()).isEqualTo(first);
    }

    @Test
    void rerun_withACorrectedFile_replacesTheDayCompletely_andIsAudited() throws IOException {
        Path original = generate("d.csv", 3_000, 9);
        assertThat(daily(original).exitCode()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(original));
        String removed = lines.remove(1); // the first invoice's first line is gone ...
        lines.removeIf(l -> l.startsWith(removed.split(",")[0] + ","));
        lines.add(removed.replace(removed.split(",")[1], "INV-ADDED-1").replace(removed.split(",")[0], "B-ADDED-1"));
        Path corrected = Files.write(dir.resolve("d-fixed.csv"), lines);

        CliRun rerun = rerun(corrected);
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        String journal = storedJournal();
        assertThat(journal).isEqualTo(journalize(corrected)).contains("INV-ADDED-1").doesNotContain(removed.split(",")[0] + "\n");

        assertThat(storedTrialBalance()).isEqualTo(trialBalanceOf(journalize(corrected))); // summaries follow

        CliRun status = statusOf();
        assertThat(status.exitCode()).isZero();
    }

    String storedTrialBalance() throws IOException {
        Path out = dir.resolve("tb-" + System.nanoTime() + ".csv");
        CliRun run = CliRun.of("trial-balance", "--home", home().toString(), "--date", DATE.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Files.readString(out);
    }

    String trialBalanceOf(String journal) throws IOException {
        Path in = Files.writeString(dir.resolve("j-" + System.nanoTime() + ".csv"), journal);
        Path out = dir.resolve("tb-" + System.nanoTime() + ".csv");
        assertThat(CliRun.of("trial-balance", "--journal", in.toString(), "--out", out.toString()).exitCode()).isZero();
        return Files.readString(out);
    }

    CliRun statusOf() {
        return CliRun.of("status", "--home", home().toString(), "--date", DATE.toString());
    }

    @Test
    void badFile_failsAtPrepare_exit2_andNothingIsWritten() throws IOException {
        Path missingColumn = Files.writeString(dir.resolve("bad.csv"), "billing_id,invoice_id\nB1,I1\n");
        CliRun run = daily(missingColumn);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("lacks the required columns");
        Path notUtf8 = Files.write(dir.resolve("sjis.csv"),
                Files.readAllBytes(GoldenCasesTest.FIXTURES.resolve("journalize/shift-jis/input.csv")));
        CliRun sjis = rerun(notUtf8);
        assertThat(sjis.exitCode()).as(sjis.err()).isEqualTo(2);
        assertThat(sjis.err()).contains("cannot be decoded as UTF-8");
        try (LocalLedger ledger = LocalLedger.open(home())) {
            assertThat(ledger.store().runs(DATE)).isEmpty();
        }
    }

    @Test
    void tooManyRejects_failsTheRun_exit1_andThePreviousJournalStays() throws IOException {
        Path good = generate("d.csv", 2_000, 10);
        assertThat(daily(good).exitCode()).isZero();
        String before = storedJournal();
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, 2_000, 11, 0.05, 0.08)).write(text);
        Path bad = Files.writeString(dir.resolve("bad.csv"), text.toString());
        CliRun run = rerun(bad);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("RejectThresholdExceededException").contains("more than 1.0 %");
        assertThat(storedJournal()).isEqualTo(before);
        try (LocalLedger ledger = LocalLedger.open(home())) {
            assertThat(ledger.store().runs(DATE)).extracting(RunRecord::status)
                    .containsExactly(RunStatus.COMPLETED, RunStatus.PURGED);
        }
    }

    @Test
    void twoConcurrentRunsForOneDay_oneWins_theOtherFailsClearly() throws Exception {
        Path input = generate("d.csv", 2_000, 12);
        Files.createDirectories(home());
        String definition = StateMachines.definition(StateMachines.DAILY_JOURNAL).orElseThrow();
        CountDownLatch bothPrepared = new CountDownLatch(2);
        ProgressListener meetAfterPrepare = new ProgressListener() {
            @Override
            public void prepared(int partitions, long lines) {
                bothPrepared.countDown();
                try {
                    bothPrepared.await(60, TimeUnit.SECONDS); // both runs began from the same current run
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void partitionDone(long lines) { }
        };
        List<ExecutionResult> results = new ArrayList<>();
        try (LocalLedger ledger = LocalLedger.open(home()); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            WorkflowRuntime runtime = ledger.runtime(meetAfterPrepare);
            byte[] file = Files.readAllBytes(input);
            ledger.objects().put(LocalLedger.INPUT_BUCKET, "d.csv", file);
            ledger.objects().put(LocalLedger.CONFIG_BUCKET, "rules.yaml", Files.readAllBytes(Path.of(RULES)));
            List<Future<ExecutionResult>> futures = new ArrayList<>();
            for (String name : List.of("rerun-a", "rerun-b")) {
                futures.add(pool.submit(() -> runtime.start("daily-journal", definition,
                        WorkflowRuntime.parseInput(executionInput(name)), name)));
            }
            for (Future<ExecutionResult> f : futures) {
                results.add(f.get(5, TimeUnit.MINUTES));
            }
            assertThat(results).filteredOn(ExecutionResult::succeeded).hasSize(1);
            ExecutionResult loser = results.stream().filter(r -> !r.succeeded()).findFirst().orElseThrow();
            assertThat(loser.error()).isEqualTo("io.ledgerflow.core.store.ConcurrentRunException");
            assertThat(FailureNames.message(loser.cause())).contains("2026-11-20");
            String winner = results.stream().filter(ExecutionResult::succeeded).findFirst().orElseThrow().name();
            assertThat(ledger.store().currentRun(DATE).orElseThrow().runId()).isEqualTo(winner);
        }
        assertThat(storedJournal()).isEqualTo(journalize(input));
    }

    private static String executionInput(String name) {
        return executionInput(name, 500);
    }

    private static String executionInput(String name, int partitionLines) {
        return """
                {"runId":"%s","businessDate":"2026-11-20","encoding":"UTF-8",
                 "input":{"bucket":"ledgerflow-input","key":"d.csv"},
                 "rules":{"bucket":"ledgerflow-config","key":"rules.yaml"},
                 "workBucket":"ledgerflow-work","partitionLines":%d,"partitionsPerBatch":1,"maxConcurrency":2,
                 "maxRejectPercent":1.0,"requestedBy":"test","reason":"concurrency"}
                """.formatted(name, partitionLines);
    }

    @Test
    void killedDuringTheMap_theNextCommandFailsTheRun_redriveRunsAgain_rerunGivesTheRightJournal_andTheMonthCloses()
            throws Exception {
        Path input = generate("d.csv", 6_000, 13);
        CliProcess daily = CliProcess.start(dir.resolve("daily.log"), "daily", "--home", home().toString(),
                "--date", DATE.toString(), "--input", input.toString(), "--partition-lines", "200", "--max-concurrency", "1",
                "--partitions-per-batch", "1");
        Path results = home().resolve("s3/ledgerflow-work/runs/daily-" + DATE + "/results");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (count(results) < 3 && daily.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(daily.process().isAlive()).as("daily is still in its map when killed; log:%n%s", daily.output()).isTrue();
        daily.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(count(results)).isBetween(3L, 29L); // killed mid-map: some partitions done, not all
        String arn = StateMachines.executionArn(StateMachines.stateMachineArn(LocalLedger.REGION, EmbeddedTarget.ACCOUNT,
                StateMachines.DAILY_JOURNAL), "daily-" + DATE);

        // when the next command touches the home: the run its dead process left STARTED is FAILED, with why
        CliRun status = CliRun.of("status", "--home", home().toString(), "--date", DATE.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        String reason = "ledgerflow.ProcessEnded: the process running it ended before it finished (pid " + daily.pid()
                + ", ledgerflow daily --home " + home();
        assertThat(status.out()).contains("FAILED     daily-" + DATE).contains("failed: " + reason);
        assertThat(status.err()).contains("execution daily-" + DATE + " was left RUNNING by pid " + daily.pid()
                + ", which ended: recorded ABORTED (it can be redriven); run daily-" + DATE + " of " + DATE + " recorded FAILED");
        try (LocalLedger ledger = LocalLedger.open(home())) {
            Execution aborted = new ExecutionStore(home(), Clock.systemUTC()).load("daily-" + DATE).orElseThrow();
            assertThat(aborted.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(aborted.error()).isEqualTo("ledgerflow.ProcessEnded");
            assertThat(aborted.failedState()).isEqualTo("JournalizePartitions"); // where it was: a redrive resumes there
            assertThat(ledger.store().runs(DATE)).singleElement().satisfies(run -> {
                assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                assertThat(run.failure()).startsWith(reason);
            });
        }

        // when the dead execution is redriven: accepted (no longer RUNNING), resumed at its Map, whose
        // workers now find their run FAILED; it ends through the workflow's own failure path
        CliRun redrive = CliRun.of("redrive", "--home", home().toString(), "--execution-arn", arn);
        assertThat(redrive.err()).contains("redrive: " + arn).doesNotContain("cannot be redriven");
        assertThat(redrive.exitCode()).as(redrive.err()).isEqualTo(ExitCode.FAILED);
        Execution redriven = new ExecutionStore(home(), Clock.systemUTC()).load("daily-" + DATE).orElseThrow();
        assertThat(redriven.redriveCount()).isEqualTo(1);
        assertThat(redriven.status()).isEqualTo(ExecutionStatus.FAILED);

        // then rerun replaces the day, and the month closes: no run of it is left STARTED
        CliRun rerun = rerun(input);
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(storedJournal()).isEqualTo(journalize(input));
        try (LocalLedger ledger = LocalLedger.open(home())) {
            assertThat(ledger.store().runs(DATE)).extracting(RunRecord::status)
                    .containsExactlyInAnyOrder(RunStatus.PURGED, RunStatus.COMPLETED); // the dead run's entries swept
        }
        CliRun close = CliRun.of("close", "--home", home().toString(), "--month", "2026-11", "--requested-by", "keiko",
                "--proceed-without-attestation", "--reason", "kill test");
        assertThat(close.exitCode()).as(close.err()).isZero();
        try (LocalLedger ledger = LocalLedger.open(home())) {
            assertThat(ledger.store().periodState(java.time.YearMonth.of(2026, 11))).isEqualTo(PeriodState.EXPORTED);
        }
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    /**
     * Holds back, inside the call, every {@code BatchWriteItem} that puts items of one run, until
     * released: a worker whose Lambda call is slow, past every check the store makes before sending.
     */
    static final class HoldRunWrites implements ExecutionInterceptor {
        final Semaphore held = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);
        volatile String runId;

        @Override
        public void beforeExecution(BeforeExecution context, ExecutionAttributes attributes) {
            if (release.getCount() > 0 && context.request() instanceof BatchWriteItemRequest batch && putsOf(batch)) {
                held.release();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private boolean putsOf(BatchWriteItemRequest batch) {
            return batch.requestItems().values().stream().flatMap(List::stream)
                    .anyMatch(w -> w.putRequest() != null && runId != null
                            && runId.equals(w.putRequest().item().getOrDefault("runId", AttributeValue.fromS("")).s()));
        }
    }

    /** The deployed worker, with a latch that opens when its call for {@code partition} ends, however it ends. */
    public static final class WitnessedWorker implements RequestStreamHandler {
        final JournalizePartitionsHandler worker;
        final String partition;
        final CountDownLatch ended;

        WitnessedWorker(JournalizePartitionsHandler worker, String partition, CountDownLatch ended) {
            this.worker = worker;
            this.partition = partition;
            this.ended = ended;
        }

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            byte[] event = in.readAllBytes();
            try {
                worker.handleRequest(new java.io.ByteArrayInputStream(event), out, context);
            } finally {
                if (new String(event, StandardCharsets.UTF_8).contains(partition)) {
                    ended.countDown();
                }
            }
        }
    }

    /** The local object store, where reading {@code failing} fails once the slow worker's writes are held. */
    static ObjectStore failingOnce(ObjectStore objects, String failing, HoldRunWrites hold) {
        return new ObjectStore() {
            @Override
            public InputStream open(String bucket, String key) {
                if (key.endsWith(failing)) {
                    // fail only once the slow worker's writes are under way: its first BatchWriteItem is
                    // held inside its call. (A partition's entries are a few page items, one batch or
                    // two, never 8: waiting for 8 would only sit out the timeout.)
                    try {
                        assertThat(hold.held.tryAcquire(1, 60, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("partition " + key + " cannot be read");
                }
                return objects.open(bucket, key);
            }

            @Override
            public void put(String bucket, String key, byte[] content) {
                objects.put(bucket, key, content);
            }

            @Override
            public List<ObjectSummary> list(String bucket, String prefix, String startAfter, int keysMax) {
                return objects.list(bucket, prefix, startAfter, keysMax);
            }
        };
    }

    /** Items holding entries of the run (pages of many entries, or one-entry items of older stores). */
    static long entryItemsOf(LocalLedger ledger, String runId) {
        try (DynamoDbClient client = DynamoDbClients.local(URI.create(ledger.dynamoEndpoint()), 2)) {
            long count = 0;
            Map<String, AttributeValue> start = null;
            do {
                var page = client.scan(ScanRequest.builder().tableName(LocalLedger.TABLE).consistentRead(true)
                        .filterExpression("(#t = :t OR #t = :p) AND runId = :r").expressionAttributeNames(Map.of("#t", "type"))
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("ENTRY"), ":p", AttributeValue.fromS("ENTRY_PAGE"),
                                ":r", AttributeValue.fromS(runId)))
                        .exclusiveStartKey(start).build());
                count += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            return count;
        }
    }

    @Test
    void mapFailsAtOnce_whileASlowWorkerStillWrites_theDayKeepsItsJournal_andTheNextRunSweepsTheLeftovers() throws Exception {
        // given a published day
        Path input = generate("d.csv", 3_000, 14);
        assertThat(daily(input).exitCode()).isZero();
        String before = storedJournal();

        // and a rerun on the default runtime (AWS's Map failure) whose partition 0 worker is slow
        // (its writes are held inside their calls) while partition 1 cannot be read
        String definition = StateMachines.definition(StateMachines.DAILY_JOURNAL).orElseThrow();
        HoldRunWrites hold = new HoldRunWrites();
        CountDownLatch slowEnded = new CountDownLatch(1);
        try (LocalLedger ledger = LocalLedger.open(home());
                DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(ledger.dynamoEndpoint()))
                        .region(Region.of(DynamoDbClients.LOCAL_REGION))
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                DynamoDbClients.LOCAL_ACCESS_KEY, DynamoDbClients.LOCAL_SECRET_KEY)))
                        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32))
                        .overrideConfiguration(o -> o.addExecutionInterceptor(hold)).build()) {
            var store = new DynamoDbJournalStore(client, DynamoDbStoreSettings.defaults(LocalLedger.TABLE), Clock.systemUTC());
            ObjectStore objects = failingOnce(ledger.objects(), "partitions/part-00001.json", hold);
            Collaborators c = new Collaborators(new DailyJournalService(store, objects), ProgressListener.NONE);
            LambdaFunctions functions = LambdaFunctions.builder()
                    .register("ledgerflow-prepare-day", PrepareDayHandler.class, () -> new PrepareDayHandler(c))
                    .register("ledgerflow-journalize-partitions", WitnessedWorker.class,
                            () -> new WitnessedWorker(new JournalizePartitionsHandler(c), "part-00000.json", slowEnded))
                    .register("ledgerflow-finalize-day", FinalizeDayHandler.class, () -> new FinalizeDayHandler(c))
                    .register("ledgerflow-record-run-failure", RecordRunFailureHandler.class, () -> new RecordRunFailureHandler(c))
                    .build();
            WorkflowRuntime runtime = new WorkflowRuntime(home(), functions, ledger.objects(), Sleeper.REAL,
                    Clock.systemUTC(), new Random(1));
            ledger.objects().put(LocalLedger.INPUT_BUCKET, "d.csv", Files.readAllBytes(input));
            ledger.objects().put(LocalLedger.CONFIG_BUCKET, "rules.yaml", Files.readAllBytes(Path.of(RULES)));
            hold.runId = "rerun-race";

            // when the rerun runs
            ExecutionResult result = runtime.start("daily-journal", definition,
                    WorkflowRuntime.parseInput(executionInput("rerun-race", 1_500)), "rerun-race");

            // then the map failed at once and RecordFailure purged the run while the slow worker still ran
            assertThat(result.error()).as(result.toString()).isEqualTo("States.ExceedToleratedFailureThreshold");
            assertThat(slowEnded.getCount()).as("the slow worker's call is still under way").isEqualTo(1);
            assertThat(ledger.store().runs(DATE)).extracting(RunRecord::status)
                    .containsExactly(RunStatus.COMPLETED, RunStatus.PURGED);

            // when its held writes land after the purge
            hold.release.countDown();
            assertThat(slowEnded.await(2, TimeUnit.MINUTES)).isTrue();

            // then only the batches already in flight landed: the worker's later batches were refused
            long leftovers = entryItemsOf(ledger, "rerun-race");
            assertThat(leftovers).as("entry items of rerun-race written after its purge").isBetween(1L, 8L * 25);
        }
        // and the day's journal is untouched
        assertThat(storedJournal()).isEqualTo(before);

        // when the day is rerun, its finalize sweeps the failed run's leftovers
        CliRun rerun = rerun(input);
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(storedJournal()).isEqualTo(before);
        try (LocalLedger ledger = LocalLedger.open(home())) {
            assertThat(entryItemsOf(ledger, "rerun-race")).as("leftovers of rerun-race after the next finalize").isZero();
        }
    }
}
