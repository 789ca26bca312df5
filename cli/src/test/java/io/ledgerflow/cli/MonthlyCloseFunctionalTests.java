package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.close.Attestation;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.CodeFingerprint;
import io.ledgerflow.core.close.LedgerLine;
import io.ledgerflow.core.close.LedgerLines;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodRecord;
import io.ledgerflow.core.store.PeriodState;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly close end to end on the embedded default (the real ASL, handlers, DynamoDB Local and
 * an embedded PostgreSQL), driven through the CLI: its refusals, its idempotent export, reopen.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonthlyCloseFunctionalTests {

    static final YearMonth MONTH = YearMonth.parse("2026-11");
    static final LocalDate DAY_1 = LocalDate.parse("2026-11-19");
    static final LocalDate DAY_2 = LocalDate.parse("2026-11-20");

    /** One home through the whole month's life (the tests run in order). */
    @TempDir
    static Path dir;

    static Path home() {
        return dir.resolve("home");
    }

    static Path generate(LocalDate date, long records, long seed, double badFraction) throws IOException {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, badFraction, 0.1)).write(text);
        return Files.writeString(dir.resolve(date + "-" + seed + ".csv"), text.toString(), StandardCharsets.UTF_8);
    }

    static CliRun daily(LocalDate date, Path input) {
        return CliRun.of("daily", "--home", home().toString(), "--date", date.toString(), "--input", input.toString(),
                "--partition-lines", "200");
    }

    static CliRun close(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("close", "--home", home().toString(), "--month",
                MONTH.toString(), "--requested-by", "keiko.tanaka"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** What CI stage 2 leaves behind for this build: an attestation for the running code. */
    static void attest(Path home) {
        new Attestations(new FileSystemObjectStore(home.resolve("s3")), LocalLedger.CONFIG_BUCKET).put(new Attestation(
                CodeFingerprint.current(), "0".repeat(64), Attestation.PASSED, "test", "test", Instant.now()));
    }

    static PeriodRecord period(Path home) {
        try (LocalLedger ledger = LocalLedger.open(home)) {
            return ledger.store().period(MONTH);
        }
    }

    @Test
    @Order(1)
    void withoutAnAttestation_theCloseIsRefused_andTheMonthStaysOpen() throws IOException {
        assertThat(daily(DAY_1, generate(DAY_1, 600, 1, 0.0)).exitCode()).isZero();

        CliRun run = close();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).doesNotContain("ReleaseNotVerifiedException").contains("no passing CI stage-2 attestation")
                .contains("ledgerflow verify");
        assertThat(period(home()).state()).isEqualTo(PeriodState.OPEN);
    }

    @Test
    @Order(2)
    void aDayWhoseLastRunFailed_refusesTheClose_namingTheDay() throws IOException {
        attest(home());
        // 5 % bad lines: more than the 1 % allowed, so the run fails.
        CliRun failed = daily(DAY_2, generate(DAY_2, 600, 2, 0.05));
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCode.FAILED);

        CliRun run = close();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).doesNotContain("CloseRefusedException").contains(DAY_2 + " has run daily-" + DAY_2 + " failed");
        assertThat(period(home()).state()).isEqualTo(PeriodState.OPEN);
    }

    @Test
    @Order(3)
    void afterARerun_theMonthClosesAndExports_andGlExportReadsItBack() throws IOException {
        CliRun rerun = CliRun.of("rerun", "--home", home().toString(), "--date", DAY_2.toString(), "--input",
                generate(DAY_2, 600, 3, 0.0).toString(), "--reason", "site resent a clean file", "--requested-by", "hanako");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();

        CliRun run = close();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("reconciled 2 days").contains("attested by CI stage 2").contains("written now");
        assertThat(period(home()).state()).isEqualTo(PeriodState.EXPORTED);
        Path export = dir.resolve("gl-export.csv");
        CliRun gl = CliRun.of("gl-export", "--home", home().toString(), "--month", MONTH.toString(), "--out", export.toString());
        assertThat(gl.exitCode()).as(gl.err()).isZero();
        // The export equals the month's summary netted (computed here from the store, not from the database).
        StringWriter expected = new StringWriter();
        try (LocalLedger ledger = LocalLedger.open(home())) {
            List<LedgerLine> lines = LedgerLines.of(MONTH, ledger.store().summary(MONTH));
            io.ledgerflow.core.close.LedgerExportCsv.write(lines, expected);
        }
        assertThat(Files.readString(export)).isEqualTo(expected.toString());
        assertThat(Files.readAllLines(export).get(0))
                .isEqualTo("period,accounting_date,currency,account,department,tax_code,entered_dr,entered_cr");
        assertThat(Files.readAllLines(export).get(1)).startsWith("2026-11,2026-11-30,");
    }

    @Test
    @Order(4)
    void closingAnExportedMonthAgain_answersWithTheExistingBatch_andWritesNothing() throws IOException {
        List<String> before;
        try (LocalLedger ledger = LocalLedger.open(home())) {
            before = ledger.ledger().lines(MONTH).stream().map(Object::toString).toList();
        }

        CliRun run = close();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("already closed and exported; nothing written").contains("exporting again writes nothing");
        try (LocalLedger ledger = LocalLedger.open(home())) {
            assertThat(ledger.ledger().lines(MONTH).stream().map(Object::toString).toList()).isEqualTo(before);
            assertThat(ledger.ledger().batch(MONTH).orElseThrow().batchId()).isEqualTo(1);
        }
    }

    @Test
    @Order(5)
    void aDailyRunIntoTheExportedMonth_isRefused() throws IOException {
        CliRun run = daily(LocalDate.parse("2026-11-24"), generate(LocalDate.parse("2026-11-24"), 100, 4, 0.0));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("period 2026-11 is EXPORTED, not OPEN");
    }

    @Test
    @Order(6)
    void reopeningTheExportedMonth_rerunningADay_andClosing_exportsTheDifferenceAsASecondBatch() throws IOException {
        // given the exported month, reopened with who and why
        CliRun reopen = CliRun.of("reopen", "--home", home().toString(), "--month", MONTH.toString(), "--reason",
                "late credit note for OSA01", "--requested-by", "keiko");
        assertThat(reopen.exitCode()).as(reopen.err()).isZero();
        assertThat(reopen.err()).contains("EXPORTED -> OPEN").contains("an adjustment: the ledger holds batch [1]");
        CliRun rerun = CliRun.of("rerun", "--home", home().toString(), "--date", DAY_2.toString(), "--input",
                generate(DAY_2, 650, 6, 0.0).toString(), "--reason", "late credit note", "--requested-by", "hanako");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();

        // when the month is closed again
        CliRun run = close();

        // then the second batch is an adjustment, and the ledger's batches add up to the month's summary
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("export batch 2 (adjustment 1: the difference after a reopen)").contains("written now");
        assertThat(period(home()).state()).isEqualTo(PeriodState.EXPORTED);
        assertThat(period(home()).exportBatches()).containsExactly(1L, 2L);
        Path export = dir.resolve("gl-export-adjusted.csv");
        CliRun gl = CliRun.of("gl-export", "--home", home().toString(), "--month", MONTH.toString(), "--out", export.toString());
        assertThat(gl.exitCode()).as(gl.err()).isZero();
        StringWriter expected = new StringWriter();
        try (LocalLedger ledger = LocalLedger.open(home())) {
            io.ledgerflow.core.close.LedgerExportCsv.write(LedgerLines.of(MONTH, ledger.store().summary(MONTH)), expected);
            assertThat(ledger.ledger().batches(MONTH)).extracting(b -> b.kind()).containsExactly("FULL", "ADJUSTMENT");
        }
        assertThat(Files.readString(export)).isEqualTo(expected.toString());
    }

    @Test
    @Order(7)
    void anUnreachableLedgerDatabase_exits3_andLeavesTheMonthClosed_thenReopenLooksAtTheLedger(@TempDir Path other)
            throws IOException {
        Path home = other.resolve("home");
        CliRun day = CliRun.of("daily", "--home", home.toString(), "--date", DAY_1.toString(), "--input",
                generate(DAY_1, 300, 5, 0.0).toString());
        assertThat(day.exitCode()).as(day.err()).isZero();
        attest(home);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = CliRun.of("close", "--home", home.toString(), "--month", MONTH.toString(), "--requested-by", "keiko",
                "--ledger-jdbc-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/ledger");

        // whether an export committed cannot be known while the ledger is unreachable: the month stays CLOSED
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(run.err()).doesNotContain("LedgerUnavailableException").contains("cannot be reached");
        PeriodRecord period = period(home);
        assertThat(period.state()).isEqualTo(PeriodState.CLOSED);
        assertThat(period.history()).last().extracting(PeriodEvent::reason).asString()
                .startsWith("close failed: io.ledgerflow.core.close.LedgerUnavailableException")
                .contains("the month stays CLOSED");

        // a reopen reads the ledger (the home's own, reachable): no batch there, so a plain reopen
        CliRun reopen = CliRun.of("reopen", "--home", home.toString(), "--month", MONTH.toString(), "--reason",
                "late credit note for OSA01", "--requested-by", "keiko");
        assertThat(reopen.exitCode()).as(reopen.err()).isZero();
        assertThat(period(home).state()).isEqualTo(PeriodState.OPEN);
        assertThat(period(home).history()).last().satisfies(e -> {
            // who acts is the operating-system user, the --requested-by name beside it (Caller)
            assertThat(e.by()).isEqualTo(System.getProperty("user.name") + " (as keiko)");
            assertThat(e.reason()).isEqualTo("reopened: late credit note for OSA01");
        });
    }

    @Test
    @Order(8)
    void aMonthWithNothingToExport_closesAndExportsAnEmptyBatch(@TempDir Path other) {
        Path home = other.resolve("home");
        attest(home);

        CliRun run = CliRun.of("close", "--home", home.toString(), "--month", "2026-12", "--requested-by", "keiko");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("reconciled 0 days").contains("0 gl_interface rows, written now");
        try (LocalLedger ledger = LocalLedger.open(home)) {
            assertThat(ledger.store().periodState(YearMonth.parse("2026-12"))).isEqualTo(PeriodState.EXPORTED);
            assertThat(ledger.ledger().batch(YearMonth.parse("2026-12")).orElseThrow().rowCount()).isZero();
        }
    }
}
