package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a person reads when something goes wrong, tried as a new user would: a bad file is named as
 * they gave it, with its line, each missing column once; a refusal carries no class names (those
 * only with LEDGERFLOW_DEBUG=1); a mistyped option prints one line and a hint; every help text
 * fits 80 columns without breaking a sentence.
 */
class MessagesFunctionalTests {

    static final List<String> REQUIRED_COLUMNS = List.of("business_date", "site_code", "customer_code", "billing_type",
            "tax_code", "quantity", "unit_price", "currency");
    /** A Java class name of ours, or any exception's simple name. */
    static final Pattern CLASS_NAME = Pattern.compile("io\\.ledgerflow|[A-Z][A-Za-z]*Exception\\b");

    @TempDir
    Path dir;

    @Test
    void dailyWithABadFile_namesTheUsersPathAndLine_andEachMissingColumnOnce() throws IOException {
        Path input = Files.writeString(dir.resolve("site-tyo.csv"), "billing_id,invoice_id\nB1,I1\n");

        CliRun run = CliRun.of("daily", "--home", dir.resolve("home").toString(), "--date", "2026-11-20",
                "--input", input.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(input + ": line 1: the header lacks the required columns")
                .doesNotContain("2026-11-20/").doesNotContainPattern(CLASS_NAME).contains("add them to the first row");
        for (String column : REQUIRED_COLUMNS) {
            assertThat(occurrences(run.err(), column)).as(column + " in " + run.err()).isEqualTo(1);
        }
    }

    @Test
    void journalizeWithABadFile_listsEachMissingColumnOnce() throws IOException {
        Path input = Files.writeString(dir.resolve("in.csv"), "billing_id,invoice_id,quantity\nB1,I1,1\n");

        CliRun run = CliRun.of("journalize", "--date", "2026-11-20", "--input", input.toString(), "--rules",
                JournalizeCommandTest.RULES, "--out", dir.resolve("j.csv").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("ledgerflow: error: " + input + ": line 1: ");
        assertThat(occurrences(run.err(), "quantity")).isZero();
        for (String column : REQUIRED_COLUMNS.stream().filter(c -> !c.equals("quantity")).toList()) {
            assertThat(occurrences(run.err(), column)).as(column).isEqualTo(1);
        }
    }

    @Test
    void closeWithoutAnAttestation_isRefusedWithoutClassNames_whichOnlyDebugShows() {
        String home = dir.resolve("home").toString();

        CliRun run = CliRun.of("close", "--home", home, "--month", "2026-11", "--requested-by", "keiko.tanaka");
        CliRun debug = CliRun.debug("close", "--home", home, "--month", "2026-11", "--requested-by", "keiko.tanaka");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("ledgerflow: FAILED: close 2026-11: no passing CI stage-2 attestation")
                .contains("ledgerflow verify").doesNotContainPattern(CLASS_NAME);
        assertThat(debug.exitCode()).as(debug.err()).isEqualTo(ExitCode.FAILED);
        assertThat(debug.err()).contains("io.ledgerflow.core.close.ReleaseNotVerifiedException");
    }

    @Test
    void aMistypedOption_printsOneLineAndAHint_andExits2() {
        CliRun run = CliRun.of("daily", "--date", "2026-11-20", "--inptu", "d.csv");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().lines()).hasSize(2);
        assertThat(run.err().lines().findFirst()).hasValue("ledgerflow: error: Unknown options: '--inptu', 'd.csv'");
        assertThat(run.err()).contains("Did you mean --input?").contains("Try 'ledgerflow daily --help'")
                .doesNotContain("Usage:");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noCommand_printsOneLineAndAHint_andExits2() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).isEqualTo("ledgerflow: error: missing command\n"
                + "Try 'ledgerflow --help' for more information.\n");
    }

    @Test
    void everyCommandsHelp_fitsIn80Columns_andBreaksNoSentence() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.newCommandLine(), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(15);

        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            String what = String.join(" ", args);
            assertThat(run.exitCode()).as(what).isZero();
            assertThat(run.err()).as(what).isEmpty();
            List<String> lines = run.out().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i).length()).as(what + ": line too long: " + lines.get(i)).isLessThanOrEqualTo(80);
                if (i + 1 < lines.size()) {
                    assertThat(brokenMidSentence(lines.get(i), lines.get(i + 1)))
                            .as(what + ": a sentence breaks early:%n%s%n%s", lines.get(i), lines.get(i + 1)).isFalse();
                }
            }
        }
    }

    /**
     * Two lines of prose (not indented: not an option, a synopsis or an example) where the first
     * ends inside a sentence although the next line's first word would have fitted on it: the text
     * was broken by hand, not wrapped (picocli wraps before column 80).
     */
    static boolean brokenMidSentence(String line, String next) {
        if (line.isEmpty() || next.isEmpty() || line.startsWith(" ") || next.startsWith(" ") || line.startsWith("Usage:")) {
            return false;
        }
        if (".:;!?".indexOf(line.charAt(line.length() - 1)) >= 0) {
            return false;
        }
        return line.length() + 1 + next.split(" ", 2)[0].length() < 80;
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandSpec().name().equals(name)) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                collect(sub, subPath, into);
            }
        });
    }

    private static int occurrences(String text, String word) {
        return (int) Pattern.compile("\\b" + word + "\\b").matcher(text).results().count();
    }
}
