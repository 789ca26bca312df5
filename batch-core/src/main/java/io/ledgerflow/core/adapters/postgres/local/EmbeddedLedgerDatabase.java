package io.ledgerflow.core.adapters.postgres.local;

import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import io.ledgerflow.core.adapters.postgres.LedgerSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server started in-process (zonky's embedded binaries) with its data kept in
 * {@code dataDirectory}, so the ledger database persists between commands like the sub-ledger does.
 * It listens on a free loopback port for as long as this object is open.
 */
public final class EmbeddedLedgerDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedLedgerDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts PostgreSQL on the data in {@code dataDirectory} (initialized and migrated on first use). */
    public static EmbeddedLedgerDatabase start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .start();
            // Locally one login owns the database: it migrates on first use (idempotent after).
            // Against a shared ledger database the export never migrates (LedgerSchema).
            LedgerSchema.migrate(postgres.getPostgresDatabase());
            return new EmbeddedLedgerDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded ledger database in " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /** The URL of another database on this server (tests make scratch databases beside the default one). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /** The settings to reach it (trust authentication on loopback, as the embedded server is set up). */
    public LedgerDatabaseSettings settings(String ledger) {
        return new LedgerDatabaseSettings(jdbcUrl(), "postgres", "", ledger);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
