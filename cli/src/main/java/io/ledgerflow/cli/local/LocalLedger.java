package io.ledgerflow.cli.local;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedJournalStore;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import io.ledgerflow.core.adapters.postgres.PostgresLedgerExport;
import io.ledgerflow.core.adapters.postgres.local.EmbeddedLedgerDatabase;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.LedgerExport;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.template.EmbeddedStack;
import io.ledgerflow.workflows.template.FunctionSpec;
import io.ledgerflow.workflows.template.SamTemplate;
import io.ledgerflow.workflows.template.StateMachineSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HexFormat;
import io.ledgerflow.workflows.runtime.Sleeper;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.security.SecureRandom;

/**
 * The embedded default: DynamoDB Local with its data under {@code {home}/dynamodb}, PostgreSQL (the
 * ledger database, started when first needed) under {@code {home}/postgres}, the object store in
 * {@code {home}/s3/<bucket>} (served over S3's protocol by {@link LocalS3}), and the embedded Step
 * Functions runtime (executions under {@code home}) running the deployed ASL with the functions of
 * the deployed template ({@link #stack()}): each loaded by Lambda's runtime client from its
 * Handler, with the template's variables and the local endpoints, as on AWS.
 */
public final class LocalLedger implements AutoCloseable {

    public static final String TABLE = JournalTable.DEFAULT_NAME;
    public static final String INPUT_BUCKET = "ledgerflow-input";
    public static final String WORK_BUCKET = "ledgerflow-work";
    public static final String CONFIG_BUCKET = "ledgerflow-config";
    public static final String RESULTS_BUCKET = "ledgerflow-results";
    /**
     * The rules in the config bucket: the local stack's RulesKey (what the start-day function
     * gives the day), where {@code local serve} seeds the standard rules and {@code --target aws}
     * looks by default.
     */
    public static final String RULES_KEY = "rules.yaml";
    /** The stack name and region the embedded stack is deployed as. */
    public static final String STACK_NAME = "ledgerflow";
    public static final String REGION = "ap-northeast-1";
    /** Local value of the template's extension-layer parameter: functions with it get {@link LocalSecretsExtension}. */
    static final String SECRETS_EXTENSION_LAYER = "arn:aws:lambda:" + REGION
            + ":000000000000:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:1";
    /** HTTP connections to the embedded engine: several workers' batch writes at once, plus reads. */
    private static final int CONNECTIONS_MAX = 64;

    private final Path home;
    private final EmbeddedJournalStore embedded;
    private final ObjectStore objects;
    /** S3Proxy starting beside DynamoDB Local, for commands that run functions; null: started on first use. */
    private final java.util.concurrent.CompletableFuture<LocalS3> s3Starting;
    private LocalS3 s3;
    private final HomeLog log;
    /** The keys and token every local function is given, as Lambda gives a function its role's. */
    private final String sessionToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private LocalSecretsExtension secrets;
    /** Set while a Step Functions server runs on this home ({@link #useStepFunctionsEndpoint}). */
    private volatile java.net.URI stepFunctions;
    private final List<LambdaFunctions> deployed = new ArrayList<>();
    private LedgerDatabaseSettings ledgerSettings;
    private EmbeddedLedgerDatabase ledgerDatabase;
    private LedgerExport ledger;

    private final HomeLock lock;

    private LocalLedger(Path home, HomeLock lock, EmbeddedJournalStore embedded, ObjectStore objects,
            java.util.concurrent.CompletableFuture<LocalS3> s3Starting) {
        this.home = home;
        this.lock = lock;
        this.embedded = embedded;
        this.objects = objects;
        this.s3Starting = s3Starting;
        this.log = HomeLog.attach(home);
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
            ledger = PostgresLedgerExport.connect(ledgerSettings());
        }
        return ledger;
    }

    /** The ledger database's connection settings; the embedded one starts on first use. */
    synchronized LedgerDatabaseSettings ledgerSettings() {
        if (ledgerSettings == null) {
            // The home's lock is held: a server running on its data is a killed process's left-over.
            EmbeddedLedgerDatabase.stopLeftover(home.resolve("postgres"));
            ledgerDatabase = EmbeddedLedgerDatabase.start(home.resolve("postgres"));
            ledgerSettings = ledgerDatabase.settings(LedgerDatabaseSettings.DEFAULT_LEDGER);
        }
        return ledgerSettings;
    }

    public Attestations attestations() {
        return new Attestations(objects, CONFIG_BUCKET);
    }

    public MonthClose monthClose() {
        return new MonthClose(store(), attestations(), this::ledger);
    }

    /**
     * Takes the home ({@link HomeLock}: refused at once when another process uses it) and starts
     * the embedded engines on the state kept under {@code home}.
     *
     * @throws HomeInUseException when another process holds the home
     */
    public static LocalLedger open(Path home) {
        return open(home, 0, HomeLock.Waiting.refuse());
    }

    /** As above, with DynamoDB Local on {@code dynamoPort} (0: a free one). */
    public static LocalLedger open(Path home, int dynamoPort) {
        return open(home, dynamoPort, HomeLock.Waiting.refuse());
    }

    /**
     * As above; {@code waiting} says whether to wait for another process that holds the home. The
     * first to open the engines since this process took the home ends what a dead process left
     * running ({@link DeadRunSweep}), saying so on {@code waiting}'s log.
     */
    public static LocalLedger open(Path home, int dynamoPort, HomeLock.Waiting waiting) {
        return open(home, dynamoPort, waiting, S3Start.EARLY);
    }

    /**
     * When S3's endpoint ({@link LocalS3}, S3Proxy: a second or two and a few CPU-seconds to start)
     * starts: beside DynamoDB Local, for commands that run functions (they reach S3 through it);
     * or on first use, for commands that read and write the home's state directly ({@code status}
     * and {@code journal} on a day took 3.8-4.4 s, 6-7 CPU-seconds, with it started, most of it
     * S3Proxy's).
     */
    public enum S3Start { EARLY, ON_FIRST_USE }

    /** As above, S3's endpoint started as {@code s3Start} says. */
    public static LocalLedger open(Path home, int dynamoPort, HomeLock.Waiting waiting, S3Start s3Start) {
        HomeLock lock = HomeLock.acquire(home, waiting);
        LocalLedger ledger;
        try {
            ledger = start(home, lock, dynamoPort, s3Start);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            if (lock.takeSweep()) {
                List<String> swept = DeadRunSweep.sweep(ledger, lock.previousRunner());
                if (waiting.log() != null && !swept.isEmpty()) {
                    swept.forEach(line -> waiting.log().println("ledgerflow: " + line));
                    waiting.log().flush();
                }
            }
            lock.claimRunner();
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
        return ledger;
    }

    private static LocalLedger start(Path home, HomeLock lock, int dynamoPort, S3Start s3Start) {
        createBuckets(home);
        // S3Proxy takes seconds to start: beside DynamoDB Local, not after it, when it will be needed.
        java.util.concurrent.CompletableFuture<LocalS3> starting = s3Start == S3Start.EARLY
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> LocalS3.start(home, 0)) : null;
        EmbeddedJournalStore embedded;
        try {
            embedded = EmbeddedJournalStore.open(home, DynamoDbStoreSettings.defaults(TABLE), CONNECTIONS_MAX,
                    Clock.systemUTC(), dynamoPort);
        } catch (RuntimeException e) {
            if (starting != null) {
                starting.thenAccept(LocalS3::close);
            }
            throw e;
        }
        LocalLedger ledger = new LocalLedger(home, lock, embedded, new FileSystemObjectStore(home.resolve("s3")), starting);
        if (starting != null) {
            try {
                ledger.s3();
            } catch (RuntimeException e) {
                embedded.close();
                throw e;
            }
        }
        return ledger;
    }

    /** The stack's buckets exist as soon as it is deployed: on S3 by CloudFormation, here as the home's folders. */
    private static void createBuckets(Path home) {
        for (String bucket : List.of(INPUT_BUCKET, WORK_BUCKET, CONFIG_BUCKET, RESULTS_BUCKET)) {
            try {
                java.nio.file.Files.createDirectories(home.resolve("s3").resolve(bucket));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create bucket folder " + bucket + " under " + home, e);
            }
        }
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

    public String s3Endpoint() {
        return s3().endpoint().toString();
    }

    /** The S3 endpoint itself, whose created objects {@code local serve}'s rules listen to; started on first use. */
    synchronized LocalS3 s3() {
        if (s3 == null) {
            if (s3Starting == null) {
                s3 = LocalS3.start(home, 0);
            } else {
                try {
                    s3 = s3Starting.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        return s3;
    }

    /**
     * A Step Functions server now serves this home at {@code endpoint}: the functions deployed from
     * now on get it as {@code AWS_ENDPOINT_URL_SFN} (the start-day function starts executions there).
     */
    public void useStepFunctionsEndpoint(java.net.URI endpoint) {
        this.stepFunctions = endpoint;
    }

    /**
     * The deployed template as the embedded default deploys it: stack {@value #STACK_NAME} in
     * {@value #REGION}, the home's buckets, the table's default name.
     */
    public static EmbeddedStack stack() {
        return DeployedStack.STACK;
    }

    /** The bundled template, parsed once: every runtime, substitution and trigger of the process reads it. */
    private static final class DeployedStack {
        static final EmbeddedStack STACK = deploy();
    }

    private static EmbeddedStack deploy() {
        return new EmbeddedStack(SamTemplate.bundled(), STACK_NAME, REGION,
                Map.of("InputBucket", INPUT_BUCKET, "WorkBucket", WORK_BUCKET, "ConfigBucket", CONFIG_BUCKET,
                        "ResultsBucket", RESULTS_BUCKET),
                // The embedded PostgreSQL has one login, its superuser: the export's role locally.
                // The export writes to the ledger that gl-export and status read on the embedded default;
                // the start-day function's days use the rules local serve seeds.
                Map.of("SecretsExtensionLayerArn", SECRETS_EXTENSION_LAYER, "LedgerDbUsername", "postgres",
                        "LedgerName", LedgerDatabaseSettings.DEFAULT_LEDGER, "RulesKey", RULES_KEY,
                        "LedgerDbMigrationSecretArn", "arn:aws:secretsmanager:" + REGION + ":000000000000:secret:ledgerflow/ledger-db-owner"));
    }

    /** The DefinitionSubstitutions the template gives the state machine defined in {@code file} (e.g. daily-journal.asl.json). */
    public static Map<String, String> substitutions(String file) {
        return stack().stateMachines().stream().filter(m -> m.definitionUri().equals(file)).findFirst()
                .map(StateMachineSpec::substitutions)
                .orElseThrow(() -> new IllegalStateException("the template deploys no state machine from " + file));
    }

    /**
     * A runtime whose functions are the template's, each loaded by Lambda's runtime client from its
     * Handler with the template's variables plus the local endpoints; {@code progress} follows the
     * day from the results of Prepare and of the workers.
     */
    public WorkflowRuntime runtime(ProgressListener progress) {
        return new WorkflowRuntime(home, functions(progress), objects, Sleeper.REAL, Clock.systemUTC(), new SecureRandom());
    }

    /** The template's functions, deployed on this home's engines; released when this ledger closes. */
    public synchronized LambdaFunctions functions(ProgressListener progress) {
        Map<String, String> logicalIds = new HashMap<>();
        LambdaFunctions.Builder builder = LambdaFunctions.builder();
        for (FunctionSpec f : stack().functions()) {
            logicalIds.put(f.name(), f.logicalId());
            // The secrets extension is ready before the function's first handler is built, as on
            // Lambda, where extensions initialize in the Init phase: the database starts then.
            Runnable extensions = f.layers().contains(SECRETS_EXTENSION_LAYER) ? this::ledgerSettings : () -> { };
            builder.deploy(f, network(f), LocalLedger.class.getClassLoader(), extensions);
        }
        builder.listener((name, result) -> progress(logicalIds.get(name), result, progress));
        LambdaFunctions functions = builder.build();
        deployed.add(functions);
        return functions;
    }

    private static void progress(String logicalId, JsonNode result, ProgressListener progress) {
        if ("PrepareDayFunction".equals(logicalId)) {
            progress.prepared(result.path("partitions").asInt(), result.path("lines").asLong());
        } else if ("JournalizePartitionsFunction".equals(logicalId)) {
            progress.partitionsDone(result.path("partitions").asInt(), result.path("linesRead").asLong());
        }
    }

    /**
     * What the local network adds to a function's variables: the engines' endpoints (the SDK's
     * {@code AWS_ENDPOINT_URL_*}; Step Functions' only while a server runs), keys in place of the
     * role's, and for a function with the secrets extension layer the extension's port, as the
     * layer would serve it.
     */
    private Map<String, String> network(FunctionSpec f) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", sessionToken);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint());
        env.put("AWS_ENDPOINT_URL_S3", s3Endpoint());
        java.net.URI sfn = stepFunctions;
        if (sfn != null) {
            env.put("AWS_ENDPOINT_URL_SFN", sfn.toString());
        }
        if (f.layers().contains(SECRETS_EXTENSION_LAYER)) {
            env.put("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(secretsExtension().port()));
        }
        return env;
    }

    private synchronized LocalSecretsExtension secretsExtension() {
        if (secrets == null) {
            java.util.Set<String> secretArns = new java.util.TreeSet<>();
            stack().functions().forEach(f -> f.environment().forEach((name, value) -> {
                if (name.endsWith("_SECRET_ARN")) {
                    secretArns.add(value);
                }
            }));
            secrets = LocalSecretsExtension.start(secretArns, sessionToken, this::ledgerSettings);
        }
        return secrets;
    }

    @Override
    public void close() {
        try {
            deployed.forEach(LambdaFunctions::close);
            if (secrets != null) {
                secrets.close();
            }
            if (ledgerDatabase != null) {
                ledgerDatabase.close();
            }
        } finally {
            try {
                if (s3 != null) {
                    s3.close();
                }
            } finally {
                try {
                    embedded.close();
                } finally {
                    try {
                        log.close();
                    } finally {
                        lock.close(); // last: the next owner finds the engines' files closed
                    }
                }
            }
        }
    }
}
