package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CI stage 1 as a JUnit test: every golden case of fixtures/journalize, compared byte for byte. */
class GoldenCasesTest {

    static final Path FIXTURES = Path.of("..", "fixtures").toAbsolutePath().normalize();

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES.resolve("journalize"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenCase_matchesExpectedFilesByteForByte(String name, @TempDir Path out) throws IOException {
        Path dir = FIXTURES.resolve("journalize").resolve(name);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("case.properties"))) {
            props.load(in);
        }
        List<String> args = new ArrayList<>(List.of("journalize", "--date", props.getProperty("date"),
                "--input", dir.resolve("input.csv").toString(),
                "--rules", FIXTURES.resolve(props.getProperty("rules")).toString(),
                "--out", out.resolve("journal.csv").toString(), "--rejects", out.resolve("rejects.csv").toString()));
        if (props.containsKey("encoding")) {
            args.addAll(List.of("--encoding", props.getProperty("encoding")));
        }
        if (props.containsKey("max-reject-percent")) {
            args.addAll(List.of("--max-reject-percent", props.getProperty("max-reject-percent")));
        }
        CliRun journalize = CliRun.of(args.toArray(String[]::new));
        assertThat(journalize.exitCode()).as(journalize.err()).isZero();
        CliRun balance = CliRun.of("trial-balance", "--journal", out.resolve("journal.csv").toString(),
                "--out", out.resolve("trial-balance.csv").toString());
        assertThat(balance.exitCode()).as(balance.err()).isZero();

        List<String> differences = new ArrayList<>();
        for (String kind : List.of("journal", "rejects", "trial-balance")) {
            byte[] expected = Files.readAllBytes(dir.resolve("expected-" + kind + ".csv"));
            byte[] actual = Files.readAllBytes(out.resolve(kind + ".csv"));
            if (!Arrays.equals(expected, actual)) {
                differences.add(unifiedDiff("fixtures/journalize/" + name + "/expected-" + kind + ".csv",
                        "actual " + kind + ".csv", expected, actual));
            }
        }
        if (!differences.isEmpty()) {
            fail(String.join("\n", differences));
        }
    }

    /** A readable diff for the failure message; byte-level differences such as CRLF show as such. */
    static String unifiedDiff(String expectedLabel, String actualLabel, byte[] expected, byte[] actual) {
        List<String> a = lines(expected);
        List<String> b = lines(actual);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(expectedLabel, actualLabel, a, DiffUtils.diff(a, b), 2);
        return diff.isEmpty()
                ? actualLabel + " differs from " + expectedLabel + " in bytes only (line ends or trailing newline)"
                : String.join("\n", diff);
    }

    private static List<String> lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).replace("\r", "\\r");
        return Arrays.asList(text.split("\n", -1));
    }
}
