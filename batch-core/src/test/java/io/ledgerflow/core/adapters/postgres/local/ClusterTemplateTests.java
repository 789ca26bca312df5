package io.ledgerflow.core.adapters.postgres.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new home's ledger database copied from a stopped, migrated cluster instead of initdb, on a
 * real PostgreSQL (zonky's binaries): each home its own cluster, the template made once, never
 * started itself, and a template PostgreSQL refuses replaced by initdb without the user noticing.
 */
class ClusterTemplateTests {

    /** One template for the class, made by the first home that needed it (initdb is the slow part). */
    @TempDir
    static Path shared;

    static ClusterTemplate template;

    @TempDir
    Path dir;

    @BeforeAll
    static void aFirstNewHome_withoutATemplate() {
        template = new ClusterTemplate(shared.resolve("cache/postgres-cluster"));
        assertThat(template.exists()).isFalse();
        EmbeddedLedgerDatabase.start(first(), template).close();
    }

    static Path first() {
        return shared.resolve("first/postgres");
    }

    @Test
    void theFirstNewHome_madeTheTemplate_stopped_andStartsOnItsOwnCopy_migrated() throws Exception {
        // the template is there, with no running server's files
        assertThat(template.exists()).isTrue();
        assertThat(template.directory().resolve("postmaster.pid")).doesNotExist();
        assertThat(template.directory().resolve("epg-lock")).doesNotExist();
        // and the first home is a cluster of its own, as PostgreSQL wants its folder, migrated
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first()))).isEqualTo("rwx------");
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(first(), template)) {
            assertThat(count(db, "select count(*) from gl_interface")).isZero();
        }
    }

    @Test
    void twoHomesCopiedFromOneTemplate_areTwoClusters_andTheTemplateStaysAsMade() throws Exception {
        // given a first home that wrote a table of its own
        try (EmbeddedLedgerDatabase a = EmbeddedLedgerDatabase.start(dir.resolve("a"), template)) {
            execute(a, "create table only_in_a (x int)");
        }
        long madeAt = Files.getLastModifiedTime(template.directory().resolve("PG_VERSION")).toMillis();

        // when a second home starts from the same template
        try (EmbeddedLedgerDatabase b = EmbeddedLedgerDatabase.start(dir.resolve("b"), template)) {
            // then it has the schema but not the first home's table
            assertThat(count(b, "select count(*) from gl_interface")).isZero();
            assertThat(count(b, "select count(*) from pg_tables where tablename = 'only_in_a'")).isZero();
        }
        // and the first home still has its own, and nothing started on the template
        try (EmbeddedLedgerDatabase a = EmbeddedLedgerDatabase.start(dir.resolve("a"), template)) {
            assertThat(count(a, "select count(*) from pg_tables where tablename = 'only_in_a'")).isOne();
        }
        assertThat(Files.getLastModifiedTime(template.directory().resolve("PG_VERSION")).toMillis()).isEqualTo(madeAt);
        assertThat(template.directory().resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aTemplatePostgresRefuses_isDeleted_andTheHomeIsInitializedByInitdb() throws Exception {
        // given a template that claims another major version of PostgreSQL
        ClusterTemplate refused = new ClusterTemplate(dir.resolve("refused"));
        copy(template.directory(), refused.directory());
        Files.writeString(refused.directory().resolve("PG_VERSION"), "9\n");

        // when a new home starts
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("home"), refused)) {
            // then it runs, initialized by initdb and migrated
            assertThat(count(db, "select count(*) from gl_interface")).isZero();
        }
        // and the refused template is gone, for the next home to make again
        assertThat(refused.exists()).isFalse();
        assertThat(Files.readString(dir.resolve("home/PG_VERSION")).strip()).isNotEqualTo("9");
    }

    @Test
    void aHomeWithItsCluster_isNeverCopiedOver() throws Exception {
        // given a home whose database has a table
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("home"), template)) {
            execute(db, "create table kept (x int)");
        }

        // when it starts again
        try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("home"), template)) {
            // then its data is there
            assertThat(count(db, "select count(*) from pg_tables where tablename = 'kept'")).isOne();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
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
