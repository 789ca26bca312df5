package io.ledgerflow.lambdas;

import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import io.ledgerflow.core.adapters.postgres.LedgerSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * Function {@code migrate-ledger} (no Task of any state machine: the release pipeline invokes it
 * once after each deploy, from outside the VPC, which it cannot reach itself): what
 * {@code ledgerflow ledger migrate} does, from inside the ledger database's subnets, with its own
 * role and its own login, the schema owner's ({@code LEDGERFLOW_LEDGER_MIGRATION_SECRET_ARN}),
 * which the export's role cannot read. Grants {@code LEDGERFLOW_LEDGER_EXPORT_ROLE} the export's
 * rights. Ignores its event; returns {@code {"migrationsApplied":N,"schemaVersion":"V","exportRole":"R"}}.
 *
 * <p>A plain {@link RequestStreamHandler} with its own collaborators: it shares nothing with the
 * workflows' handlers but the secret reader.
 */
public final class MigrateLedgerHandler implements RequestStreamHandler {

    /** The Secrets Manager secret of the schema owner's login: JSON with jdbcUrl, username, password. */
    public static final String MIGRATION_SECRET_ENV = "LEDGERFLOW_LEDGER_MIGRATION_SECRET_ARN";
    /** The export's database role, granted the export's rights after each migration. */
    public static final String EXPORT_ROLE_ENV = "LEDGERFLOW_LEDGER_EXPORT_ROLE";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, JsonNode> secrets;
    private final Function<String, String> environment;

    /** For the Lambda runtime: the secret through the Parameters and Secrets extension, the process environment. */
    public MigrateLedgerHandler() {
        this(secretId -> LedgerSecret.read(FunctionEnvironment.current(), secretId), FunctionEnvironment::get);
    }

    public MigrateLedgerHandler(Function<String, JsonNode> secrets, Function<String, String> environment) {
        this.secrets = secrets;
        this.environment = environment;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String secretId = required(MIGRATION_SECRET_ENV);
        JsonNode secret = secrets.apply(secretId);
        LedgerDatabaseSettings owner = new LedgerDatabaseSettings(secret.path("jdbcUrl").asText(),
                secret.path("username").asText(), secret.path("password").asText(), LedgerDatabaseSettings.DEFAULT_LEDGER);
        LedgerSchema.Migrated migrated = LedgerSchema.migrate(owner, environment.apply(EXPORT_ROLE_ENV));
        if (context != null) {
            context.getLogger().log("ledger migrate: " + owner.jdbcUrl() + " schema version " + migrated.schemaVersion()
                    + ", " + migrated.migrationsApplied() + " migration(s) applied");
        }
        JSON.writeValue(output, migrated);
    }

    private String required(String name) {
        String value = environment.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
