package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.PeriodState;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledgerflow no-file} on a real home, in-process: the mark is recorded as the
 * operating-system user with the reason, {@code status} shows it, and the store's rules refuse what
 * they refuse (a day with a published run, a second mark, a month not OPEN) with exit 1 and their
 * message; a missing reason is a usage error (exit 2).
 */
class NoFileFunctionalTests {

    static final LocalDate HOLIDAY = LocalDate.parse("2026-11-23");
    static final LocalDate RUN_DAY = LocalDate.parse("2026-11-24");
    static final YearMonth MONTH = YearMonth.from(HOLIDAY);
    static final String USER = System.getProperty("user.name").strip();

    @TempDir
    Path dir;

    Path home() {
        return dir.resolve("home");
    }

    CliRun noFile(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "no-file";
        all[1] = "--home=" + home();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    @Test
    void noFile_marksTheDayAsTheOsUser_statusShowsIt_andAnUnmarkTakesItBack() {
        CliRun marked = noFile("--date", HOLIDAY.toString(), "--reason", "Labour Thanksgiving Day: no deliveries");

        assertThat(marked.exitCode()).as(marked.err()).isZero();
        assertThat(marked.err()).contains("no-file 2026-11-23: marked as having no file by " + USER + " at ")
                .contains(": Labour Thanksgiving Day: no deliveries");
        CliRun month = CliRun.of("status", "--home", home().toString(), "--month", MONTH.toString());
        assertThat(month.out()).containsPattern("(?m)^  2026-11-23  no file \\(marked by " + java.util.regex.Pattern.quote(USER)
                + " at \\S+: Labour Thanksgiving Day: no deliveries\\)$");

        CliRun again = noFile("--date", HOLIDAY.toString(), "--reason", "again", "--requested-by", "keiko.tanaka");
        assertThat(again.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(again.err()).contains("2026-11-23 is already marked as having no file (by " + USER);

        CliRun unmarked = noFile("--date", HOLIDAY.toString(), "--unmark", "--reason", "TYO-01's file arrived late",
                "--requested-by", "keiko.tanaka");
        assertThat(unmarked.exitCode()).as(unmarked.err()).isZero();
        CliRun day = CliRun.of("status", "--home", home().toString(), "--date", HOLIDAY.toString());
        assertThat(day.out()).contains("no file: marked by " + USER + " at ")
                .contains("no file: unmarked by " + USER + " (as keiko.tanaka) at ")
                .contains(": TYO-01's file arrived late");
    }

    @Test
    void noFile_isRefused_forADayWithAPublishedRun_andInAMonthThatIsNotOpen() throws IOException {
        CliRun daily = CliRun.of("daily", "--home", home().toString(), "--date", RUN_DAY.toString(), "--input",
                generate(RUN_DAY, 200).toString(), "--partition-lines", "200");
        assertThat(daily.exitCode()).as(daily.err()).isZero();

        CliRun published = noFile("--date", RUN_DAY.toString(), "--reason", "no deliveries");

        assertThat(published.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(published.err()).contains("2026-11-24 has a published run (daily-")
                .contains("a day with a file is not marked as having none");
        try (LocalLedger ledger = LocalLedger.open(home())) {
            ledger.store().transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING, "keiko", "close");
        }
        CliRun closing = noFile("--date", HOLIDAY.toString(), "--reason", "no deliveries");
        assertThat(closing.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(closing.err()).contains("marking 2026-11-23 as having no file refused: period 2026-11 is CLOSING, not OPEN");
    }

    @Test
    void noFile_withoutAReason_orWithAwsOptionsLocally_isAUsageError_andHelpNamesWhatItNeeds() {
        CliRun missing = noFile("--date", HOLIDAY.toString());
        CliRun blank = noFile("--date", HOLIDAY.toString(), "--reason", "   ");
        CliRun table = noFile("--date", HOLIDAY.toString(), "--reason", "holiday", "--table", "t");
        CliRun help = CliRun.of("no-file", "--help");

        assertThat(missing.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("--reason");
        assertThat(blank.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(blank.err()).contains("--reason must say why");
        assertThat(table.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(table.err()).contains("--table and --dynamodb-endpoint-url go with --target aws");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--date", "--reason", "--unmark", "--target", "Refused when the day's month is not OPEN",
                "ledgerflow no-file --date 2026-11-23 --reason");
        assertThat(Files.exists(home().resolve("dynamodb"))).isFalse(); // nothing was opened
    }

    Path generate(LocalDate date, long records) throws IOException {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, 5, 0.0, 0.1)).write(text);
        return Files.writeString(dir.resolve(date + ".csv"), text.toString(), StandardCharsets.UTF_8);
    }
}
