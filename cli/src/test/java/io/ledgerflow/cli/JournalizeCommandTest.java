package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalizeCommandTest {

    static final Path FIXTURES = GoldenCasesTest.FIXTURES;
    static final String RULES = FIXTURES.resolve("rules.yaml").toString();
    static final String HEADER = "billing_id,invoice_id,business_date,site_code,customer_code,billing_type,tax_code,"
            + "quantity,unit_price,currency,description\n";

    @TempDir
    Path dir;

    private CliRun journalize(Path input, String... extra) {
        String[] base = {"journalize", "--date", "2026-11-20", "--input", input.toString(), "--rules", RULES,
            "--out", dir.resolve("journal.csv").toString(), "--rejects", dir.resolve("rejects.csv").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    private void assertNoOutputFiles() throws IOException {
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("journal") || n.startsWith("rejects") || n.endsWith(".partial"));
        }
    }

    @Test
    void missingColumn_exits2_namingFileLineAndColumn_andWritesNothing() throws IOException {
        Path input = Files.writeString(dir.resolve("in.csv"), "billing_id,invoice_id\nB1,I1\n");
        CliRun run = journalize(input);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("ledgerflow: error: " + input + ": line 1: the header lacks the required columns business_date");
        assertThat(run.err().lines()).hasSize(1);
        assertNoOutputFiles();
    }

    @Test
    void shiftJisReadAsUtf8_exits2_namingTheLine() throws IOException {
        CliRun run = journalize(FIXTURES.resolve("journalize/shift-jis/input.csv"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("input.csv: line 2: cannot be decoded as UTF-8");
        assertNoOutputFiles();
    }

    @Test
    void binaryFile_exits2_withoutAStackTrace() throws IOException {
        Path input = Files.write(dir.resolve("in.bin"), new byte[] {0x50, 0x4b, 0x03, 0x04, (byte) 0x9c, 0x00, (byte) 0xff});
        CliRun run = journalize(input);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertNoOutputFiles();
    }

    @Test
    void tooManyRejects_exits1_writesRejectsButNoJournal() throws IOException {
        Path input = Files.writeString(dir.resolve("in.csv"), HEADER
                + "B1,I1,2026-11-20,S,C,FREIGHT,S10,1,100,JPY,\nB2,I2,2026-11-20,S,C,FREIGHT,S10,0,100,JPY,\n");
        CliRun run = journalize(input);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("FAILED: 1 of 2 lines quarantined (50.00 %), more than --max-reject-percent 1.0");
        assertThat(dir.resolve("journal.csv")).doesNotExist();
        assertThat(Files.readString(dir.resolve("rejects.csv"))).contains("3,B2,I2,INVALID_QUANTITY");
    }

    @Test
    void summary_reconcilesReadPostedAndQuarantined() throws IOException {
        Path input = Files.writeString(dir.resolve("in.csv"), HEADER
                + "B1,I1,2026-11-20,S,C,FREIGHT,S10,1,100,JPY,\nB2,I2,2026-11-20,S,C,FREIGHT,S10,0,100,JPY,\n",
                StandardCharsets.UTF_8);
        CliRun run = journalize(input, "--max-reject-percent", "50");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("read 2 lines = posted 1 + quarantined 1 (50.00 %, limit 50 %)")
                .contains("JPY  read 100 = posted 100 + quarantined 0; debit 110 = credit 110");
    }

    @Test
    void unknownOption_exits2_withAHint() {
        CliRun run = CliRun.of("journalize", "--date", "2026-11-20", "--input", "in.csv", "--rules", RULES, "--ot", "x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown options: '--ot', 'x'").contains("Try 'ledgerflow journalize --help'")
                .doesNotContain("Usage:");
    }

    @Test
    void missingArguments_exit2_withAHint() {
        CliRun run = CliRun.of("journalize");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required options").contains("Try 'ledgerflow journalize --help'");
    }

    @Test
    void noCommand_exits2_withAHint() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("missing command").contains("Try 'ledgerflow --help'");
    }

    @Test
    void badRulesFile_exits2_namingIt() throws IOException {
        Path rules = Files.writeString(dir.resolve("r.yaml"), "company: [\n");
        Path input = Files.writeString(dir.resolve("in.csv"), HEADER);
        CliRun run = CliRun.of("journalize", "--date", "2026-11-20", "--input", input.toString(), "--rules", rules.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("ledgerflow: error: " + rules + ":");
    }

    @Test
    void outputFolderMissing_isAUsageError() throws IOException {
        Path input = Files.writeString(dir.resolve("in.csv"), HEADER);
        CliRun run = CliRun.of("journalize", "--date", "2026-11-20", "--input", input.toString(), "--rules", RULES,
                "--out", dir.resolve("nope/journal.csv").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist");
    }

    @Test
    void headerWithSpacesAroundNames_isReadAsWithout() throws IOException {
        // given a header whose names carry spaces around them
        Path input = Files.writeString(dir.resolve("in.csv"), " billing_id , invoice_id ,business_date,site_code,"
                + "customer_code,billing_type,tax_code,quantity,unit_price, currency ,description\n"
                + "B1,I1,2026-11-20,S,C,FREIGHT,S10,1,100,JPY,\nB2,I1,2026-11-20,S,C,FREIGHT,S10,2,100,JPY,\n");

        // when it is journalized
        CliRun run = journalize(input);

        // then every line posts, as with a plain header
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("read 2 lines = posted 2 + quarantined 0");
    }
}
