package io.ledgerflow.cli.local;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.lambdas.Collaborators;
import io.ledgerflow.lambdas.FinalizeDayHandler;
import io.ledgerflow.lambdas.JournalizePartitionsHandler;
import io.ledgerflow.lambdas.PrepareDayHandler;
import io.ledgerflow.lambdas.RecordRunFailureHandler;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.Sleeper;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The embedded default: DynamoDB Local with its data under {@code {home}/dynamodb}, the object
 * store in {@code {home}/s3/<bucket>}, and the embedded Step Functions runtime (executions under
 * {@code home}) running the deployed ASL with the deployed handler classes.
 */
public final class LocalLedger implements AutoCloseable {

    public static final String TABLE = "ledgerflow-journal";
    public static final String INPUT_BUCKET = "ledgerflow-input";
    public static final String WORK_BUCKET = "ledgerflow-work";
    public static final String CONFIG_BUCKET = "ledgerflow-config";
    /** HTTP connections to the embedded engine: the workers' writes plus reads. */
    private static final int CONNECTIONS_MAX = 32;

    private final Path home;
    private final EmbeddedDynamoDb dynamo;
    private final DynamoDbClient client;
    private final JournalStore store;
    private final ObjectStore objects;

    private LocalLedger(Path home, EmbeddedDynamoDb dynamo, DynamoDbClient client, JournalStore store, ObjectStore objects) {
        this.home = home;
        this.dynamo = dynamo;
        this.client = client;
        this.store = store;
        this.objects = objects;
    }

    /** Starts the embedded engines on the state kept under {@code home}. */
    public static LocalLedger open(Path home) {
        EmbeddedDynamoDb dynamo = quietly(() -> EmbeddedDynamoDb.startPersistent(home));
        try {
            DynamoDbClient client = dynamo.newClient(CONNECTIONS_MAX);
            JournalTable.createIfAbsent(client, TABLE);
            JournalStore store = new DynamoDbJournalStore(client, DynamoDbStoreSettings.defaults(TABLE), Clock.systemUTC());
            return new LocalLedger(home, dynamo, client, store, new FileSystemObjectStore(home.resolve("s3")));
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    /** sqlite4java logs through java.util.logging; held here so the setting is not collected away. */
    private static final java.util.logging.Logger SQLITE_LOG = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    /**
     * DynamoDB Local prints its configuration banner on stdout, which is the CLI's output channel
     * (journals, JSON results): hold stdout back while it starts.
     */
    private static <T> T quietly(java.util.function.Supplier<T> start) {
        SQLITE_LOG.setLevel(java.util.logging.Level.OFF);
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return start.get();
        } finally {
            System.setOut(stdout);
            SQLITE_LOG.setLevel(java.util.logging.Level.OFF); // DynamoDB Local resets logging as it starts
        }
    }

    public Path home() {
        return home;
    }

    public JournalStore store() {
        return store;
    }

    public ObjectStore objects() {
        return objects;
    }

    public String dynamoEndpoint() {
        return dynamo.endpoint().toString();
    }

    /** The ASL substitutions of the embedded default: the deployed function names, as local ARNs. */
    public static Map<String, String> substitutions() {
        return Map.of(
                "PrepareDayFunctionArn", LambdaFunctions.arn("ledgerflow-prepare-day"),
                "JournalizePartitionsFunctionArn", LambdaFunctions.arn("ledgerflow-journalize-partitions"),
                "FinalizeDayFunctionArn", LambdaFunctions.arn("ledgerflow-finalize-day"),
                "RecordRunFailureFunctionArn", LambdaFunctions.arn("ledgerflow-record-run-failure"));
    }

    /** A runtime whose Lambda functions are the deployed handler classes, built with local collaborators. */
    public WorkflowRuntime runtime(ProgressListener progress) {
        Collaborators collaborators = new Collaborators(new DailyJournalService(store, objects), progress);
        LambdaFunctions functions = LambdaFunctions.builder()
                .register("ledgerflow-prepare-day", PrepareDayHandler.class, () -> new PrepareDayHandler(collaborators))
                .register("ledgerflow-journalize-partitions", JournalizePartitionsHandler.class,
                        () -> new JournalizePartitionsHandler(collaborators))
                .register("ledgerflow-finalize-day", FinalizeDayHandler.class, () -> new FinalizeDayHandler(collaborators))
                .register("ledgerflow-record-run-failure", RecordRunFailureHandler.class,
                        () -> new RecordRunFailureHandler(collaborators))
                .build();
        return new WorkflowRuntime(home, functions, objects, Sleeper.REAL, Clock.systemUTC(), RandomGenerator.getDefault());
    }

    @Override
    public void close() {
        client.close();
        dynamo.close();
    }
}
