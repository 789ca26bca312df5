package io.ledgerflow.core.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.postgres.local.EmbeddedLedgerDatabase;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.ExportRequest;
import io.ledgerflow.core.close.LedgerLine;
import io.ledgerflow.core.close.LedgerLines;
import io.ledgerflow.core.close.LedgerUnavailableException;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.SummaryLine;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger export on a real PostgreSQL (embedded binaries): the Spring Batch job, idempotence, all-or-nothing. */
class PostgresLedgerExportTests {

    static final CurrencyUnit JPY = new CurrencyUnit("JPY", 0);
    static final CurrencyUnit USD = new CurrencyUnit("USD", 2);

    @TempDir
    static Path data;
    static EmbeddedLedgerDatabase database;

    @BeforeAll
    static void start() {
        database = EmbeddedLedgerDatabase.start(data.resolve("postgres"));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    static List<LedgerLine> lines(YearMonth month) {
        List<SummaryLine> summary = List.of(
                line("1130", "TYO01", "", JPY, "13200", "0"),
                line("4110", "TYO01", "S10", JPY, "0", "12000"),
                line("2191", "TYO01", "S10", JPY, "0", "1200"),
                line("1130", "OSA02", "", USD, "110.00", "0"),
                line("4120", "OSA02", "S10", USD, "5.00", "105.00"),
                line("2191", "OSA02", "S10", USD, "0", "10.00"),
                line("4130", "OSA02", "EX", USD, "7.25", "7.25"));
        return LedgerLines.of(month, summary);
    }

    static SummaryLine line(String account, String department, String tax, CurrencyUnit currency, String dr, String cr) {
        return new SummaryLine(account, department, tax, currency, Money.of(currency, new BigDecimal(dr)),
                Money.of(currency, new BigDecimal(cr)));
    }

    static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void export_writesOneBatchAndReadsBackTheSameLines() throws Exception {
        YearMonth month = YearMonth.parse("2026-01");
        PostgresLedgerExport ledger = PostgresLedgerExport.connect(database.settings("MAIN"));
        List<LedgerLine> lines = lines(month);
        assertThat(lines).hasSize(6); // the EX line nets to zero and is left out

        ExportBatch batch = ledger.export(new ExportRequest(month, lines, "1000", "abc", "tester"));

        assertThat(batch.created()).isTrue();
        assertThat(batch.rowCount()).isEqualTo(6);
        assertThat(ledger.lines(month)).containsExactlyElementsOf(lines);
        assertThat(ledger.lines(month).get(3).enteredDr().toPlainString()).isEqualTo("110.00");
        assertThat(count("select count(*) from gl_interface where group_id = " + batch.batchId())).isEqualTo(6);
        assertThat(count("select count(*) from batch_job_execution e join batch_job_instance i"
                + " on i.job_instance_id = e.job_instance_id where i.job_name = 'gl-export' and e.status = 'COMPLETED'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void exportingTheSamePeriodAgain_returnsTheExistingBatchAndWritesNothing() throws Exception {
        YearMonth month = YearMonth.parse("2026-02");
        PostgresLedgerExport ledger = PostgresLedgerExport.connect(database.settings("MAIN"));
        ExportBatch first = ledger.export(new ExportRequest(month, lines(month), "1000", "abc", "tester"));
        long rows = count("select count(*) from gl_interface");
        long batches = count("select count(*) from export_batch");

        ExportBatch again = PostgresLedgerExport.connect(database.settings("MAIN"))
                .export(new ExportRequest(month, lines(month), "1000", "abc", "someone else"));

        assertThat(again.created()).isFalse();
        assertThat(again.batchId()).isEqualTo(first.batchId());
        assertThat(again.requestedBy()).isEqualTo("tester");
        assertThat(count("select count(*) from gl_interface")).isEqualTo(rows);
        assertThat(count("select count(*) from export_batch")).isEqualTo(batches);
    }

    @Test
    void aFailedExport_leavesNothingAndIsRestartable() throws Exception {
        YearMonth month = YearMonth.parse("2026-03");
        PostgresLedgerExport ledger = PostgresLedgerExport.connect(database.settings("MAIN"));
        long rows = count("select count(*) from gl_interface");
        // The company segment is VARCHAR(20): the insert of the rows fails after the batch row was written.
        String tooLong = "C".repeat(21);

        assertThatThrownBy(() -> ledger.export(new ExportRequest(month, lines(month), tooLong, "abc", "tester")))
                .hasMessageContaining("nothing was exported");
        assertThat(ledger.batch(month)).isEmpty();
        assertThat(count("select count(*) from gl_interface")).isEqualTo(rows);

        ExportBatch batch = ledger.export(new ExportRequest(month, lines(month), "1000", "abc", "tester"));
        assertThat(batch.created()).isTrue();
        assertThat(ledger.lines(month)).hasSize(6);
        // Same job parameters: the second run restarted the failed job instance instead of a new one.
        assertThat(count("select count(*) from batch_job_instance i join batch_job_execution_params p"
                + " on p.job_execution_id in (select job_execution_id from batch_job_execution e where e.job_instance_id = i.job_instance_id)"
                + " where p.parameter_name = 'period' and p.parameter_value = '2026-03'")).isEqualTo(2);
    }

    @Test
    void anExportWhoseProcessDiedInsideTheJob_isRecoveredAndRestartedOnce() throws Exception {
        // given an export of 2026-04 that failed, then its execution and step set back to STARTED with
        // no end, as a process killed inside the job leaves the repository (Spring Batch records the
        // start, never the end)
        YearMonth month = YearMonth.parse("2026-04");
        PostgresLedgerExport ledger = PostgresLedgerExport.connect(database.settings("MAIN"));
        assertThatThrownBy(() -> ledger.export(new ExportRequest(month, lines(month), "C".repeat(21), "abc", "tester")))
                .hasMessageContaining("nothing was exported");
        String dead = "(select max(job_execution_id) from batch_job_execution)";
        execute("update batch_step_execution set status = 'STARTED', exit_code = 'EXECUTING', end_time = null"
                + " where job_execution_id = " + dead);
        execute("update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null"
                + " where job_execution_id = " + dead);

        // when the close's export runs again
        ExportBatch batch = ledger.export(new ExportRequest(month, lines(month), "1000", "abc", "tester"));

        // then the dead execution is recorded FAILED, the job restarted, and the month exported once
        assertThat(batch.created()).isTrue();
        assertThat(ledger.lines(month)).hasSize(6);
        assertThat(count("select count(*) from batch_job_execution where status in ('STARTING', 'STARTED')")).isZero();
        assertThat(count("select count(*) from export_batch where ledger = 'MAIN' and period = '2026-04'")).isEqualTo(1);
    }

    @Test
    void theLedgerDatabaseKeepsItsDataAcrossRestarts(@TempDir Path dir) {
        YearMonth month = YearMonth.parse("2026-04");
        try (EmbeddedLedgerDatabase first = EmbeddedLedgerDatabase.start(dir)) {
            PostgresLedgerExport.connect(first.settings("MAIN")).export(new ExportRequest(month, lines(month), "1000", "abc", "t"));
        }
        try (EmbeddedLedgerDatabase second = EmbeddedLedgerDatabase.start(dir)) {
            assertThat(PostgresLedgerExport.connect(second.settings("MAIN")).lines(month)).hasSize(6);
        }
    }

    @Test
    void anUnreachableDatabase_isReportedAsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> PostgresLedgerExport.connect(new LedgerDatabaseSettings(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/ledger", "postgres", "", "MAIN")))
                .isInstanceOf(LedgerUnavailableException.class)
                .hasMessageContaining("cannot be reached");
        assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(PostgresLedgerExport.CONNECT_TIMEOUT_SECONDS);
    }

    @Test
    void connect_toAnUnmigratedDatabase_failsNamingTheMigrateCommand_andChangesNothing() throws Exception {
        // given a database nobody migrated (a new shared ledger database before the deploy's step)
        execute("create database unmigrated");
        LedgerDatabaseSettings settings = new LedgerDatabaseSettings(database.jdbcUrl("unmigrated"), "postgres", "", "MAIN");

        // when the export connects, then it refuses and says what to run
        assertThatThrownBy(() -> PostgresLedgerExport.connect(settings))
                .isInstanceOf(LedgerSchemaNotMigratedException.class)
                .hasMessageContaining("not migrated")
                .hasMessageContaining("`ledgerflow ledger migrate`");
        // and it created nothing: no table, not even Flyway's history
        assertThat(count(settings, "select count(*) from information_schema.tables where table_schema = 'public'")).isZero();
    }

    @Test
    void migrate_grantsTheExportRoleTheExportOnly_andTheExportRunsWithIt() throws Exception {
        // given a database whose public schema takes no DDL from PUBLIC (PostgreSQL 15's default, a
        // DBA's usual setting) and a login for the export that owns nothing
        execute("create database granted");
        LedgerDatabaseSettings owner = new LedgerDatabaseSettings(database.jdbcUrl("granted"), "postgres", "", "MAIN");
        execute(owner, "revoke create on schema public from public");
        execute("create role ledgerflow_export login");

        // when the deploy-time step migrates as the owner, naming the export's role
        LedgerSchema.Migrated migrated = LedgerSchema.migrate(owner, "ledgerflow_export");
        LedgerSchema.Migrated again = LedgerSchema.migrate(owner, "ledgerflow_export");

        // then the schema is current, a second run applies nothing, and the export role exports
        assertThat(migrated.migrationsApplied()).isEqualTo(3);
        assertThat(migrated.schemaVersion()).isEqualTo("3");
        assertThat(again.migrationsApplied()).isZero();
        LedgerDatabaseSettings export = new LedgerDatabaseSettings(owner.jdbcUrl(), "ledgerflow_export", "", "MAIN");
        YearMonth month = YearMonth.parse("2026-05");
        ExportBatch batch = PostgresLedgerExport.connect(export).export(new ExportRequest(month, lines(month), "1000", "abc", "t"));
        assertThat(batch.created()).isTrue();
        assertThat(PostgresLedgerExport.connect(export).lines(month)).hasSize(6);
        // but it cannot change the schema, nor touch rows it does not own
        assertThatThrownBy(() -> execute(export, "create table sneaky (i int)")).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> execute(export, "delete from gl_interface")).hasMessageContaining("permission denied");
    }

    @Test
    void migrate_refusesARoleNameThatIsNotOne() {
        assertThatThrownBy(() -> LedgerSchema.migrate(database.settings("MAIN"), "x; drop table gl_interface"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PostgreSQL role name");
    }

    static void execute(String sql) throws Exception {
        execute(database.settings("MAIN"), sql);
    }

    static void execute(LedgerDatabaseSettings settings, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            c.createStatement().execute(sql);
        }
    }

    static long count(LedgerDatabaseSettings settings, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
