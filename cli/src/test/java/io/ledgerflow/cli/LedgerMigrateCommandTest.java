package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import io.ledgerflow.core.adapters.postgres.PostgresLedgerExport;
import io.ledgerflow.core.adapters.postgres.local.EmbeddedLedgerDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ledgerflow ledger migrate} against a PostgreSQL server nobody migrated, and the embedded default. */
class LedgerMigrateCommandTest {

    @Test
    void migrate_appliesTheSchemaToANamedServer_once_andTheExportThenConnects(@TempDir Path dir) throws Exception {
        try (EmbeddedLedgerDatabase server = EmbeddedLedgerDatabase.start(dir.resolve("server"))) {
            // given a fresh database on a server, and a role for the export
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
                c.createStatement().execute("create database gl");
                c.createStatement().execute("create role gl_export login");
            }
            String url = server.jdbcUrl("gl");

            // when the deploy step runs twice
            CliRun first = CliRun.of("ledger", "migrate", "--home", dir.resolve("home").toString(),
                    "--ledger-jdbc-url", url, "--ledger-user", "postgres", "--grant-to", "gl_export");
            CliRun second = CliRun.of("ledger", "migrate", "--home", dir.resolve("home").toString(),
                    "--ledger-jdbc-url", url, "--ledger-user", "postgres", "--grant-to", "gl_export");

            // then the first applies both migrations and grants, the second finds nothing to do
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("schema version 3, 3 migration(s) applied, export rights granted to gl_export");
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.out()).contains("schema version 3, 0 migration(s) applied");
            // and the export, as its own role, accepts the schema
            assertThat(PostgresLedgerExport.connect(new LedgerDatabaseSettings(url, "gl_export", "", "MAIN")).batch(
                    java.time.YearMonth.parse("2026-01"))).isEmpty();
        }
    }

    @Test
    void migrate_withoutAServer_migratesTheEmbeddedDatabase_andRefusesGrantTo(@TempDir Path home) {
        CliRun run = CliRun.of("ledger", "migrate", "--home", home.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("the embedded ledger database under").contains("schema version 3");

        CliRun grant = CliRun.of("ledger", "migrate", "--home", home.toString(), "--grant-to", "someone");
        assertThat(grant.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(grant.err()).contains("--grant-to applies to a named server");
    }
}
