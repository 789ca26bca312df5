package io.ledgerflow.core.adapters.postgres;

import io.ledgerflow.core.adapters.postgres.migration.V2__Spring_batch_job_repository;
import io.ledgerflow.core.close.LedgerUnavailableException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The ledger database's schema: the Flyway migrations under {@code db/ledger} (and the Spring Batch
 * job repository, {@link V2__Spring_batch_job_repository}), applied by a deploy-time step
 * ({@code ledgerflow ledger migrate}, or the stack's one-shot migration function) with a login that
 * owns the schema, never by the export, which only checks that the schema is current.
 *
 * <p>After every migration the {@code db/ledger-grants} callback grants the export's database role
 * (when one is named) what the export does and nothing more: it inserts and reads
 * {@code export_batch} and {@code gl_interface}, keeps its Spring Batch job repository, and reads
 * Flyway's history to check the schema version.
 */
public final class LedgerSchema {

    /** Where the migrations and the grants callback live on the class path. */
    static final String[] LOCATIONS = {"classpath:db/ledger", "classpath:db/ledger-grants"};
    /** The placeholder of the grants callback: the export's role, empty for none. */
    static final String EXPORT_ROLE_PLACEHOLDER = "exportRole";
    /** PostgreSQL role names as the grants accept them (quoted there, so this guards the SQL). */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private LedgerSchema() {}

    /**
     * What a migration did.
     *
     * @param migrationsApplied how many migrations this run applied (0: the schema was current)
     * @param schemaVersion     the schema version after it
     * @param exportRole        the role granted the export's rights, or empty
     */
    public record Migrated(int migrationsApplied, String schemaVersion, String exportRole) {}

    /**
     * Applies the pending migrations with the settings' login (which needs DDL rights) and grants
     * {@code exportRole} the export's rights (none when blank). Throws
     * {@link LedgerUnavailableException} when the database cannot be reached or refuses.
     */
    public static Migrated migrate(LedgerDatabaseSettings settings, String exportRole) {
        String role = exportRole == null ? "" : exportRole.trim();
        if (!role.isEmpty() && !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL role name: '" + role + "'");
        }
        DataSource dataSource = PostgresLedgerExport.dataSource(settings);
        PostgresLedgerExport.probe(dataSource, settings);
        try {
            MigrateResult result = flyway(dataSource, role).migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            return new Migrated(result.migrationsExecuted, version, role);
        } catch (FlywayException e) {
            throw new LedgerUnavailableException("cannot migrate the ledger database at " + settings.jdbcUrl() + " as "
                    + settings.user() + ": " + e.getMessage(), e);
        }
    }

    /** Migrates the database of the data source as it is (the embedded ledger database's first use). */
    public static Migrated migrate(DataSource dataSource) {
        MigrateResult result = flyway(dataSource, "").migrate();
        return new Migrated(result.migrationsExecuted,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion, "");
    }

    /**
     * Throws {@link LedgerSchemaNotMigratedException} unless every migration this code ships has
     * been applied (a newer schema, from newer code, is accepted: migrations only add).
     */
    static void requireCurrent(DataSource dataSource, LedgerDatabaseSettings settings) {
        MigrationInfo[] pending;
        try {
            pending = flyway(dataSource, "").info().pending();
        } catch (FlywayException e) {
            throw new LedgerSchemaNotMigratedException("cannot read the schema history of the ledger database at "
                    + settings.jdbcUrl() + " as " + settings.user() + " (" + e.getMessage() + "): has `ledgerflow ledger"
                    + " migrate` run there, granting this role the export's rights (--grant-to " + settings.user() + ")?");
        }
        if (pending.length > 0) {
            String missing = String.join(", ", Arrays.stream(pending)
                    .map(m -> m.getVersion() + " " + m.getDescription()).toList());
            throw new LedgerSchemaNotMigratedException("the ledger database at " + settings.jdbcUrl() + " is not migrated"
                    + " for this release (pending: " + missing + "); the export does not change the schema: run"
                    + " `ledgerflow ledger migrate` (on AWS, the stack's migrate-ledger function, which the release"
                    + " pipeline invokes after each deploy) and export again");
        }
    }

    private static Flyway flyway(DataSource dataSource, String exportRole) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATIONS)
                .javaMigrations(new V2__Spring_batch_job_repository())
                .placeholders(Map.of(EXPORT_ROLE_PLACEHOLDER, Objects.requireNonNull(exportRole)))
                // A schema migrated by newer code is fine for older code: migrations only add.
                .ignoreMigrationPatterns("*:future")
                .load();
    }
}
