package io.ledgerflow.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import io.ledgerflow.core.adapters.postgres.PostgresLedgerExport;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.LedgerExport;
import io.ledgerflow.core.close.MonthClose;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import java.time.Clock;
import java.util.Map;

/**
 * What the handlers work with, built once per Lambda sandbox from its environment (the AWS path),
 * or handed in by the embedded runtime and tests (the local path).
 */
public record Collaborators(DailyJournalService service, ProgressListener progress, MonthClose close) {

    /** Collaborators of the daily workflow only. */
    public Collaborators(DailyJournalService service, ProgressListener progress) {
        this(service, progress, null);
    }

    /** Environment variable naming the configuration bucket (rules, CI attestations). */
    public static final String CONFIG_BUCKET_ENV = "LEDGERFLOW_CONFIG_BUCKET";
    /** Environment variable naming the Secrets Manager secret of the ledger database: JSON with jdbcUrl, username, password. */
    public static final String LEDGER_SECRET_ENV = "LEDGERFLOW_LEDGER_SECRET_ARN";
    /** Environment variable naming the ledger exported to (default MAIN). */
    public static final String LEDGER_ENV = "LEDGERFLOW_LEDGER";

    /** The monthly close's steps; throws when these collaborators were built for the daily workflow only. */
    public MonthClose close() {
        if (close == null) {
            throw new IllegalStateException("these collaborators have no monthly close (set " + CONFIG_BUCKET_ENV + ")");
        }
        return close;
    }

    /** Environment variable naming the DynamoDB table (set by the SAM template). */
    public static final String TABLE_ENV = "LEDGERFLOW_TABLE";

    /** The AWS collaborators, built on first use and kept for the sandbox's life (SnapStart-friendly). */
    static Collaborators fromEnvironment() {
        return FunctionEnvironment.singleton(Collaborators.class, Collaborators::build);
    }

    private static Collaborators build(Map<String, String> env) {
        String table = env.get(TABLE_ENV);
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable " + TABLE_ENV + " is not set");
        }
        var store = new DynamoDbJournalStore(AwsClients.dynamoDb(env), DynamoDbStoreSettings.defaults(table), Clock.systemUTC());
        S3ObjectStore objects = new S3ObjectStore(AwsClients.s3(env));
        String configBucket = env.get(CONFIG_BUCKET_ENV);
        MonthClose close = configBucket == null || configBucket.isBlank() ? null
                : new MonthClose(store, new Attestations(objects, configBucket), new LedgerFromSecret(env)::get);
        return new Collaborators(new DailyJournalService(store, objects), ProgressListener.NONE, close);
    }

    /** The ledger database, connected on first use with the credentials in Secrets Manager. */
    private static final class LedgerFromSecret {
        private final Map<String, String> env;
        private LedgerExport ledger;

        LedgerFromSecret(Map<String, String> env) {
            this.env = env;
        }

        synchronized LedgerExport get() {
            if (ledger == null) {
                String secretId = env.get(LEDGER_SECRET_ENV);
                if (secretId == null || secretId.isBlank()) {
                    throw new IllegalStateException("environment variable " + LEDGER_SECRET_ENV + " is not set");
                }
                String name = env.get(LEDGER_ENV);
                JsonNode secret = LedgerSecret.read(env, secretId);
                ledger = PostgresLedgerExport.connect(new LedgerDatabaseSettings(secret.path("jdbcUrl").asText(),
                        secret.path("username").asText(), secret.path("password").asText(),
                        name == null || name.isBlank() ? LedgerDatabaseSettings.DEFAULT_LEDGER : name));
                if (ledger instanceof AutoCloseable closeable) {
                    FunctionEnvironment.closeOnRelease(closeable);
                }
            }
            return ledger;
        }
    }
}
