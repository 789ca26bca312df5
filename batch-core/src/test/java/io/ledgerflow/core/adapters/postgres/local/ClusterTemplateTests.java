package io.ledgerflow.core.adapters.postgres.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new home's ledger database copied from a stopped, migrated cluster instead of initdb, on a
 * real PostgreSQL (zonky's binaries): each home its own cluster, the template made once, never
 * started itself, and a template PostgreSQL refuses replaced by initdb without the user noticing.
 */
class ClusterTemplateTests {

    @TempDir
    Path dir;

    @Test
    void theFirstNewHome_makesTheTemplate_andStartsOnACopyOfIt_migrated() throws Exception {
        // given no template yet
        ClusterTemplate template = new ClusterTemplate(dir.resolve("cache/postgres-cluster"));
        assertThat(template.exists()).isFalse();

        // when a new home starts its ledger database
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("home/postgres"), template)) {
            // then the template exists, stopped (no server's files), and the home's cluster is migrated
            assertThat(template.exists()).isTrue();
            assertThat(template.directory().resolve("postmaster.pid")).doesNotExist();
            assertThat(template.directory().resolve("epg-lock")).doesNotExist();
            assertThat(count(db, "select count(*) from gl_interface")).isZero();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("home/postgres"))))
                .isEqualTo("rwx------");
    }

    @Test
    void twoHomesCopiedFromOneTemplate_areTwoClusters_andTheTemplateStaysAsMade() throws Exception {
        // given a template made by a first home that then wrote a row
        ClusterTemplate template = new ClusterTemplate(dir.resolve("template"));
        try (EmbeddedLedgerDatabase first = EmbeddedLedgerDatabase.start(dir.resolve("a"), template)) {
            execute(first, "create table only_in_a (x int)");
        }
        long madeAt = Files.getLastModifiedTime(template.directory().resolve("PG_VERSION")).toMillis();

        // when a second home starts from the same template
        try (EmbeddedLedgerDatabase second = EmbeddedLedgerDatabase.start(dir.resolve("b"), template)) {
            // then it has the schema but not the first home's table
            assertThat(count(second, "select count(*) from gl_interface")).isZero();
            assertThat(count(second, "select count(*) from pg_tables where tablename = 'only_in_a'")).isZero();
        }
        // and the first home still has its own
        try (EmbeddedLedgerDatabase first = EmbeddedLedgerDatabase.start(dir.resolve("a"), template)) {
            assertThat(count(first, "select count(*) from pg_tables where tablename = 'only_in_a'")).isOne();
        }
        assertThat(Files.getLastModifiedTime(template.directory().resolve("PG_VERSION")).toMillis()).isEqualTo(madeAt);
        assertThat(template.directory().resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aTemplatePostgresRefuses_isDeleted_andTheHomeIsInitializedAsWithoutOne() throws Exception {
        // given a template from another major version of PostgreSQL
        ClusterTemplate template = new ClusterTemplate(dir.resolve("template"));
        template.make();
        Files.writeString(template.directory().resolve("PG_VERSION"), "9\n");

        // when a new home starts
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("home"), template)) {
            // then it runs, initialized by initdb and migrated
            assertThat(count(db, "select count(*) from gl_interface")).isZero();
        }
        // and the refused template is gone, for the next home to make again
        assertThat(template.exists()).isFalse();
        assertThat(Files.readString(dir.resolve("home/PG_VERSION")).strip()).isNotEqualTo("9");
    }

    @Test
    void aHomeWithItsCluster_isNeverCopiedOver() throws Exception {
        // given a home whose database has a row, and a template
        ClusterTemplate template = new ClusterTemplate(dir.resolve("template"));
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("home"), template)) {
            execute(db, "create table kept (x int)");
        }

        // when it starts again
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("home"), template)) {
            // then its data is there
            assertThat(count(db, "select count(*) from pg_tables where tablename = 'kept'")).isOne();
        }
    }

    @Test
    void withoutATemplate_aHomeIsInitializedByInitdb() throws IOException, SQLException {
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("home"), null)) {
            assertThat(count(db, "select count(*) from gl_interface")).isZero();
        }
    }

    private static long count(EmbeddedLedgerDatabase db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void execute(EmbeddedLedgerDatabase db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
