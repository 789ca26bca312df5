package io.ledgerflow.workflows.daily;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbClients;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.Sleeper;
import io.ledgerflow.core.adapters.dynamodb.local.DynamoDbLimits;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import io.ledgerflow.core.adapters.dynamodb.local.ThrottlingProxy;
import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.daily.DailyRunInput;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.Journalizer;
import io.ledgerflow.core.journal.csv.JournalCsvWriter;
import io.ledgerflow.core.rules.RulesLoader;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.lambdas.Collaborators;
import io.ledgerflow.lambdas.FinalizeDayHandler;
import io.ledgerflow.lambdas.JournalizePartitionsHandler;
import io.ledgerflow.lambdas.PrepareDayHandler;
import io.ledgerflow.lambdas.RecordRunFailureHandler;
import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The daily workflow (the deployed ASL, the deployed handlers) on DynamoDB Local, the worker's
 * client behind DynamoDB's limits scaled down to 10 write units a second per partition key, with a
 * clock that moves only when a test lets it: a worker that DynamoDB throttles past the store's own
 * retries fails with {@code WriteNotCompletedException}, which the worker Task's Retry names.
 * Retried after the table's capacity came back, the day is published exactly; never coming back,
 * the worker exhausts its retries and the Map fails the run, recorded FAILED, nothing published.
 * The other functions talk to the engine directly: the worker is what is tested.
 */
class ThrottledWorkerFunctionalTests {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final String INPUT = "ledgerflow-input", CONFIG = "ledgerflow-config", WORK = "ledgerflow-work";
    static final String WORKER = "ledgerflow-journalize-partitions";
    static final Path MODULE = Files.isRegularFile(Path.of("daily-journal.asl.json")) ? Path.of("") : Path.of("workflows");
    static final Path RULES = MODULE.toAbsolutePath().getParent().resolve("fixtures/rules.yaml");
    /** A partition key serves 10 write units a second; reads and the table are not what is tested. */
    static final DynamoDbLimits SMALL = new DynamoDbLimits(10, 10_000, 10_000, 30_000, DynamoDbLimits.ITEM_BYTES_MAX, 1);
    /** The worker Task's Retry for store write failures (daily-journal.asl.json): 3 attempts after the first. */
    static final int WORKER_RETRIES = 3;

    @TempDir
    Path home;

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    EmbeddedDynamoDb engine;
    ThrottlingProxy limits;
    DynamoDbClient throttled;
    DynamoDbClient direct;
    Sfn sfn;
    String csv;

    @BeforeEach
    void start() throws IOException {
        engine = EmbeddedDynamoDb.startInMemory();
        limits = ThrottlingProxy.start(engine.endpoint(), SMALL, nanos::get, 0);
        throttled = withoutSdkRetries(limits.endpoint());
        direct = engine.newClient(16);
        JournalTable.createIfAbsent(direct, JournalTable.DEFAULT_NAME);
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DAY, 1_000, 7, 0.0, 0.1)).write(text);
        csv = text.toString();
        sfn = new Sfn(home);
        sfn.put(INPUT, "daily/" + DAY + "/billing.csv", csv);
        sfn.put(CONFIG, "rules/rules.yaml", Files.readString(RULES));
    }

    @AfterEach
    void stop() {
        throttled.close();
        direct.close();
        limits.close();
        engine.close();
    }

    /**
     * A client of the limits without the SDK's own retries: the SDK would retry a throttled request
     * after a real-time wait, in which this test's clock stands still. The store's own retries, whose
     * waits move the clock, are what the worker relies on.
     */
    static DynamoDbClient withoutSdkRetries(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint)
                .region(Region.of(DynamoDbClients.LOCAL_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DynamoDbClients.LOCAL_ACCESS_KEY, DynamoDbClients.LOCAL_SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(16))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The worker's store: on the limits; its backoff sleeps move the limits' clock while {@code flowing}. */
    JournalStore workerStore(AtomicBoolean flowing) {
        Sleeper sleeper = millis -> {
            if (flowing.get()) {
                nanos.addAndGet(Duration.ofMillis(millis).toNanos());
            }
        };
        // pages of one entry (a write unit each, as entries were before pages): the worker's writes
        // then need more units than the scaled-down limits give, which is what is tested
        return new DynamoDbJournalStore(throttled, DynamoDbStoreSettings.defaults(JournalTable.DEFAULT_NAME)
                .withPageEntriesMax(1), Clock.systemUTC(), new SplittableRandom(7), sleeper);
    }

    /** The store of the other functions, and of the test's own look: the engine itself. */
    JournalStore directStore() {
        return new DynamoDbJournalStore(direct, DynamoDbStoreSettings.defaults(JournalTable.DEFAULT_NAME), Clock.systemUTC());
    }

    Collaborators collaborators(JournalStore store) {
        return new Collaborators(new DailyJournalService(store, sfn.s3), ProgressListener.NONE);
    }

    /** Registers the day's functions; the worker's store lets time flow only from its second invocation on (if ever). */
    AtomicInteger register(boolean capacityComesBack) {
        AtomicBoolean workerTime = new AtomicBoolean(false);
        Collaborators others = collaborators(directStore());
        Collaborators worker = collaborators(workerStore(workerTime));
        AtomicInteger invocations = new AtomicInteger();
        sfn.handler("ledgerflow-prepare-day", PrepareDayHandler.class, () -> new PrepareDayHandler(others))
                .handler(WORKER, CountingWorker.class, () -> new CountingWorker(new JournalizePartitionsHandler(worker), () -> {
                    if (invocations.incrementAndGet() > 1 && capacityComesBack) {
                        nanos.addAndGet(Duration.ofSeconds(60).toNanos()); // the retry's wait: the buckets are full again
                        workerTime.set(true);
                    }
                }))
                .handler("ledgerflow-finalize-day", FinalizeDayHandler.class, () -> new FinalizeDayHandler(others))
                .handler("ledgerflow-record-run-failure", RecordRunFailureHandler.class, () -> new RecordRunFailureHandler(others))
                .substitutions(Map.of(
                        "PrepareDayFunctionArn", LambdaFunctions.arn("ledgerflow-prepare-day"),
                        "JournalizePartitionsFunctionArn", LambdaFunctions.arn(WORKER),
                        "FinalizeDayFunctionArn", LambdaFunctions.arn("ledgerflow-finalize-day"),
                        "RecordRunFailureFunctionArn", LambdaFunctions.arn("ledgerflow-record-run-failure")));
        return invocations;
    }

    ExecutionResult runDay() throws IOException {
        String input = new DailyRunInput("daily-" + DAY, DAY, "UTF-8", new ObjectRef(INPUT, "daily/" + DAY + "/billing.csv"),
                new ObjectRef(CONFIG, "rules/rules.yaml"), WORK, 2_000, 1, 1, new BigDecimal("1.0"), "scheduler", "")
                .toJson().toString();
        return sfn.run(Files.readString(MODULE.resolve("daily-journal.asl.json")), input, "daily-" + DAY);
    }

    @Test
    void aWorkerThrottledPastTheStoresRetries_isRetriedByTheWorkflow_andTheDayIsPublishedExactly() throws IOException {
        // given one worker batch (one partition) whose first run meets a table with no capacity coming back
        AtomicInteger invocations = register(true);

        // when
        ExecutionResult result = runDay();

        // then the worker failed once (the store's write failure), was retried after a wait, and the day is exact
        assertThat(result.status()).as(result.toString()).isEqualTo("SUCCEEDED");
        assertThat(invocations).hasValue(2);
        assertThat(sfn.sleeps).hasSize(1).allMatch(d -> d.compareTo(Duration.ofSeconds(5)) <= 0);
        assertThat(limits.counts().unprocessedItems()).isPositive();
        JournalStore store = directStore();
        assertThat(store.currentRun(DAY)).get().extracting(RunRecord::status).isEqualTo(RunStatus.COMPLETED);
        assertThat(csv(store.journal(DAY))).isEqualTo(journalize(csv));
    }

    @Test
    void aWorkerThatExhaustsItsRetries_failsTheMap_andTheRunIsRecordedFailed() throws IOException {
        // given a table whose capacity never comes back while the worker runs
        AtomicInteger invocations = register(false);

        // when
        ExecutionResult result = runDay();

        // then the worker ran 1 + 3 times, each failing with the store's write failure; the Map failed
        // the execution (not silently), the run is recorded failed and nothing is published
        assertThat(result.status()).isEqualTo("FAILED");
        assertThat(result.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(invocations).hasValue(1 + WORKER_RETRIES);
        assertThat(sfn.sleeps).hasSize(WORKER_RETRIES);
        assertThat(textUnder(home)).contains("io.ledgerflow.core.store.WriteNotCompletedException")
                .contains("not written after 10 attempts");
        JournalStore store = directStore();
        assertThat(store.currentRun(DAY)).isEmpty();
        assertThat(store.runs(DAY)).extracting(RunRecord::status).containsExactly(RunStatus.PURGED);
        assertThat(store.runs(DAY).get(0).failure()).contains("States.ExceedToleratedFailureThreshold");
    }

    /** The worker as deployed, counting its invocations (a hook runs before each). */
    public static final class CountingWorker implements RequestStreamHandler {
        private final RequestStreamHandler worker;
        private final Runnable beforeEach;

        CountingWorker(RequestStreamHandler worker, Runnable beforeEach) {
            this.worker = worker;
            this.beforeEach = beforeEach;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            beforeEach.run();
            worker.handleRequest(input, output, context);
        }
    }

    static String journalize(String billing) {
        try (BillingCsvReader reader = BillingCsvReader.open(new ByteArrayInputStream(billing.getBytes(StandardCharsets.UTF_8)),
                "billing.csv", StandardCharsets.UTF_8)) {
            List<JournalEntry> entries = new ArrayList<>();
            Journalizer.journalize(RulesLoader.load(RULES), DAY, reader).post(entries::add);
            return csv(entries);
        }
    }

    static String csv(List<JournalEntry> entries) {
        StringWriter out = new StringWriter();
        JournalCsvWriter writer = new JournalCsvWriter(out);
        entries.forEach(writer::write);
        return out.toString();
    }

    /** Every file under {@code dir}, as text: the execution's history and the Map's result files. */
    static String textUnder(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }
}
