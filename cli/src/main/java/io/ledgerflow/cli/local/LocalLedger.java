package io.ledgerflow.cli.local;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedJournalStore;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import io.ledgerflow.core.adapters.postgres.PostgresLedgerExport;
import io.ledgerflow.core.adapters.postgres.local.EmbeddedLedgerDatabase;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.LedgerExport;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.lambdas.AdvancePeriodHandler;
import io.ledgerflow.lambdas.Collaborators;
import io.ledgerflow.lambdas.ExportLedgerHandler;
import io.ledgerflow.lambdas.LockPeriodHandler;
import io.ledgerflow.lambdas.ReconcileDayHandler;
import io.ledgerflow.lambdas.ReopenPeriodHandler;
import io.ledgerflow.lambdas.VerifyReleaseHandler;
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
import java.security.SecureRandom;

/**
 * The embedded default: DynamoDB Local with its data under {@code {home}/dynamodb}, PostgreSQL (the
 * ledger database, started when first needed) under {@code {home}/postgres}, the object
 * store in {@code {home}/s3/<bucket>}, and the embedded Step Functions runtime (executions under
 * {@code home}) running the deployed ASL with the deployed handler classes.
 */
public final class LocalLedger implements AutoCloseable {

    public static final String TABLE = JournalTable.DEFAULT_NAME;
    public static final String INPUT_BUCKET = "ledgerflow-input";
    public static final String WORK_BUCKET = "ledgerflow-work";
    public static final String CONFIG_BUCKET = "ledgerflow-config";
    /** HTTP connections to the embedded engine: several workers' batch writes at once, plus reads. */
    private static final int CONNECTIONS_MAX = 64;

    private final Path home;
    private final EmbeddedJournalStore embedded;
    private final ObjectStore objects;
    private LedgerDatabaseSettings ledgerSettings;
    private EmbeddedLedgerDatabase ledgerDatabase;
    private LedgerExport ledger;

    private LocalLedger(Path home, EmbeddedJournalStore embedded, ObjectStore objects) {
        this.home = home;
        this.embedded = embedded;
        this.objects = objects;
    }

    /**
     * Points the ledger export at a real PostgreSQL server instead of the embedded one under
     * {@code {home}/postgres}. Call before the first use of {@link #ledger()}.
     */
    public LocalLedger useLedgerDatabase(LedgerDatabaseSettings settings) {
        this.ledgerSettings = settings;
        return this;
    }

    /**
     * The ledger database, connected on first use: the server given to {@link #useLedgerDatabase},
     * else PostgreSQL started in-process on the data under {@code {home}/postgres}.
     */
    public synchronized LedgerExport ledger() {
        if (ledger == null) {
            LedgerDatabaseSettings settings = ledgerSettings;
            if (settings == null) {
                ledgerDatabase = EmbeddedLedgerDatabase.start(home.resolve("postgres"));
                settings = ledgerDatabase.settings(LedgerDatabaseSettings.DEFAULT_LEDGER);
            }
            ledger = PostgresLedgerExport.connect(settings);
        }
        return ledger;
    }

    public Attestations attestations() {
        return new Attestations(objects, CONFIG_BUCKET);
    }

    public MonthClose monthClose() {
        return new MonthClose(store(), attestations(), this::ledger);
    }

    /** Starts the embedded engines on the state kept under {@code home}. */
    public static LocalLedger open(Path home) {
        return open(home, 0);
    }

    /** As above, with DynamoDB Local on {@code dynamoPort} (0: a free one). */
    public static LocalLedger open(Path home, int dynamoPort) {
        EmbeddedJournalStore embedded = EmbeddedJournalStore.open(home, DynamoDbStoreSettings.defaults(TABLE),
                CONNECTIONS_MAX, Clock.systemUTC(), dynamoPort);
        return new LocalLedger(home, embedded, new FileSystemObjectStore(home.resolve("s3")));
    }

    public Path home() {
        return home;
    }

    public JournalStore store() {
        return embedded.store();
    }

    public ObjectStore objects() {
        return objects;
    }

    public String dynamoEndpoint() {
        return embedded.endpoint().toString();
    }

    /** The ASL substitutions of the embedded default: the deployed function names, as local ARNs. */
    public static Map<String, String> substitutions() {
        return Map.ofEntries(
                Map.entry("PrepareDayFunctionArn", LambdaFunctions.arn("ledgerflow-prepare-day")),
                Map.entry("JournalizePartitionsFunctionArn", LambdaFunctions.arn("ledgerflow-journalize-partitions")),
                Map.entry("FinalizeDayFunctionArn", LambdaFunctions.arn("ledgerflow-finalize-day")),
                Map.entry("RecordRunFailureFunctionArn", LambdaFunctions.arn("ledgerflow-record-run-failure")),
                Map.entry("VerifyReleaseFunctionArn", LambdaFunctions.arn("ledgerflow-verify-release")),
                Map.entry("LockPeriodFunctionArn", LambdaFunctions.arn("ledgerflow-lock-period")),
                Map.entry("ReconcileDayFunctionArn", LambdaFunctions.arn("ledgerflow-reconcile-day")),
                Map.entry("AdvancePeriodFunctionArn", LambdaFunctions.arn("ledgerflow-advance-period")),
                Map.entry("ExportLedgerFunctionArn", LambdaFunctions.arn("ledgerflow-export-ledger")),
                Map.entry("ReopenPeriodFunctionArn", LambdaFunctions.arn("ledgerflow-reopen-period")));
    }

    /** A runtime whose Lambda functions are the deployed handler classes, built with local collaborators. */
    public WorkflowRuntime runtime(ProgressListener progress) {
        Collaborators collaborators = new Collaborators(new DailyJournalService(store(), objects), progress, monthClose());
        LambdaFunctions functions = LambdaFunctions.builder()
                .register("ledgerflow-prepare-day", PrepareDayHandler.class, () -> new PrepareDayHandler(collaborators))
                .register("ledgerflow-journalize-partitions", JournalizePartitionsHandler.class,
                        () -> new JournalizePartitionsHandler(collaborators))
                .register("ledgerflow-finalize-day", FinalizeDayHandler.class, () -> new FinalizeDayHandler(collaborators))
                .register("ledgerflow-record-run-failure", RecordRunFailureHandler.class,
                        () -> new RecordRunFailureHandler(collaborators))
                .register("ledgerflow-verify-release", VerifyReleaseHandler.class, () -> new VerifyReleaseHandler(collaborators))
                .register("ledgerflow-lock-period", LockPeriodHandler.class, () -> new LockPeriodHandler(collaborators))
                .register("ledgerflow-reconcile-day", ReconcileDayHandler.class, () -> new ReconcileDayHandler(collaborators))
                .register("ledgerflow-advance-period", AdvancePeriodHandler.class, () -> new AdvancePeriodHandler(collaborators))
                .register("ledgerflow-export-ledger", ExportLedgerHandler.class, () -> new ExportLedgerHandler(collaborators))
                .register("ledgerflow-reopen-period", ReopenPeriodHandler.class, () -> new ReopenPeriodHandler(collaborators))
                .build();
        return new WorkflowRuntime(home, functions, objects, Sleeper.REAL, Clock.systemUTC(), new SecureRandom());
    }

    @Override
    public void close() {
        try {
            if (ledgerDatabase != null) {
                ledgerDatabase.close();
            }
        } finally {
            embedded.close();
        }
    }
}
