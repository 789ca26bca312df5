package io.ledgerflow.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.ledgerflow.core.close.Attestation;
import io.ledgerflow.core.close.CodeFingerprint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * CI stage 2: the golden month of {@code fixtures/month} through {@code daily}, {@code rerun} and
 * {@code close} on the embedded default in a scratch home, every journal, rejects file, the month's
 * trial balance and the ledger export compared byte for byte with the expected files.
 */
final class GoldenMonth {

    /** The golden month as bundled in the jar (a copy of {@code fixtures/month}). */
    static final String BUNDLED = "ledgerflow/month/";

    /** Reads the month's files, from a folder or from the jar. */
    interface Source {
        byte[] read(String path);

        String describe();

        static Source folder(Path dir) {
            return new Source() {
                @Override
                public byte[] read(String path) {
                    try {
                        return Files.readAllBytes(dir.resolve(path));
                    } catch (IOException e) {
                        throw new UncheckedIOException("golden month: cannot read " + dir.resolve(path), e);
                    }
                }

                @Override
                public String describe() {
                    return dir.toString();
                }
            };
        }

        static Source bundled() {
            return new Source() {
                @Override
                public byte[] read(String path) {
                    try (InputStream in = GoldenMonth.class.getClassLoader().getResourceAsStream(BUNDLED + path)) {
                        if (in == null) {
                            throw new IllegalStateException("golden month: " + path + " is not in the ledgerflow jar");
                        }
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public String describe() {
                    return "the golden month bundled in the ledgerflow jar (fixtures/month)";
                }
            };
        }
    }

    /** One step of the manifest. */
    record Step(int number, String command, String date, String file, List<String> options, String reason,
            String requestedBy) {}

    /** The result: the fixtures' fingerprint and every mismatch as a unified diff (empty when all match). */
    record Outcome(YearMonth month, String fixturesFingerprint, int filesCompared, List<String> diffs) {
        boolean passed() {
            return diffs.isEmpty();
        }
    }

    private final Source source;
    private final Properties manifest = new Properties();
    private final MessageDigest fingerprint;
    private final TreeSet<String> read = new TreeSet<>();

    GoldenMonth(Source source) {
        this.source = source;
        try {
            this.fingerprint = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try {
            manifest.load(new ByteArrayInputStream(read("month.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    YearMonth month() {
        return YearMonth.parse(required("month"));
    }

    List<Step> steps() {
        int count = Integer.parseInt(required("steps"));
        List<Step> steps = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            String[] parts = required("step." + n).trim().split("\\s+");
            if (parts.length != 3 || !(parts[0].equals("daily") || parts[0].equals("rerun"))) {
                throw new IllegalStateException("golden month: step." + n + " must be 'daily|rerun DATE FILE'");
            }
            String options = manifest.getProperty("step." + n + ".options", "").trim();
            steps.add(new Step(n, parts[0], parts[1], parts[2],
                    options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+")),
                    manifest.getProperty("step." + n + ".reason"), manifest.getProperty("step." + n + ".requested-by")));
        }
        return steps;
    }

    /**
     * Runs the month in {@code scratch} (a fresh home) and compares; {@code log} gets one line per step.
     */
    Outcome run(Path scratch, PrintWriter log) {
        Path home = scratch.resolve("home");
        Path inputs = scratch.resolve("inputs");
        Path out = scratch.resolve("out");
        try {
            Files.createDirectories(inputs);
            Files.createDirectories(out);
            String rulesName = required("rules");
            Path rules = inputs.resolve(rulesName);
            Files.write(rules, read(rulesName));
            List<Step> steps = steps();
            TreeSet<String> dates = new TreeSet<>();
            for (Step step : steps) {
                Path input = inputs.resolve(step.file().replace('/', '_'));
                Files.write(input, read(step.file()));
                List<String> args = new ArrayList<>(List.of(step.command(), "--home", home.toString(), "--date", step.date(),
                        "--input", input.toString(), "--rules", rules.toString(),
                        "--rejects", out.resolve("rejects-" + step.date() + ".csv").toString()));
                if (step.command().equals("rerun")) {
                    args.addAll(List.of("--reason", step.reason(), "--requested-by", step.requestedBy()));
                } else if (step.requestedBy() != null) {
                    args.addAll(List.of("--requested-by", step.requestedBy()));
                }
                args.addAll(step.options());
                command(log, "step " + step.number() + "/" + steps.size() + ": " + step.command() + " " + step.date(), args);
                dates.add(step.date());
            }
            String month = month().toString();
            command(log, "close " + month + " (stage 2 closes the golden month itself, without an attestation)",
                    List.of("close", "--home", home.toString(), "--month", month, "--rules", rules.toString(),
                            "--requested-by", "ledgerflow verify", "--proceed-without-attestation",
                            "--reason", "CI stage 2: the golden month is closed to verify the code that closes it"));
            List<String> diffs = new ArrayList<>();
            int compared = 0;
            for (String date : dates) {
                Path journal = out.resolve("journal-" + date + ".csv");
                command(log, null, List.of("journal", "--home", home.toString(), "--date", date, "--out", journal.toString()));
                compared++;
                compare("expected/journal-" + date + ".csv", journal, diffs);
                compared++;
                compare("expected/rejects-" + date + ".csv", out.resolve("rejects-" + date + ".csv"), diffs);
            }
            Path balance = out.resolve("trial-balance.csv");
            command(log, null, List.of("trial-balance", "--home", home.toString(), "--month", month, "--out", balance.toString()));
            compared++;
            compare("expected/trial-balance.csv", balance, diffs);
            Path export = out.resolve("gl-export.csv");
            command(log, null, List.of("gl-export", "--home", home.toString(), "--month", month, "--out", export.toString()));
            compared++;
            compare("expected/gl-export.csv", export, diffs);
            return new Outcome(month(), fixturesFingerprint(), compared, diffs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The attestation of a passed outcome for the running code. */
    static Attestation attestation(Outcome outcome, String by) {
        return new Attestation(CodeFingerprint.current(), outcome.fixturesFingerprint(), Attestation.PASSED,
                "CI stage 2: golden month " + outcome.month() + " (" + outcome.filesCompared() + " files byte for byte)",
                by, Instant.now());
    }

    private void command(PrintWriter log, String title, List<String> args) {
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        var cli = Main.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int code = cli.execute(args.toArray(String[]::new));
        if (code != ExitCode.DONE) {
            throw new RunFailedException("golden month: 'ledgerflow " + String.join(" ", args) + "' exited " + code + ":\n"
                    + err);
        }
        if (title != null) {
            log.printf("  %-70s ok (%.1f s)%n", title, (System.nanoTime() - started) / 1e9);
            log.flush();
        }
    }

    private void compare(String expectedPath, Path actualFile, List<String> diffs) throws IOException {
        byte[] expected = read(expectedPath);
        byte[] actual = Files.exists(actualFile) ? Files.readAllBytes(actualFile) : new byte[0];
        if (!Arrays.equals(expected, actual)) {
            List<String> a = new String(expected, StandardCharsets.UTF_8).lines().toList();
            List<String> b = new String(actual, StandardCharsets.UTF_8).lines().toList();
            List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(expectedPath, "actual " + actualFile.getFileName(), a,
                    DiffUtils.diff(a, b), 2);
            diffs.add(diff.isEmpty() ? expectedPath + ": differs only in line endings or the final newline"
                    : String.join("\n", diff));
        }
    }

    private byte[] read(String path) {
        byte[] bytes = source.read(path);
        if (read.add(path)) {
            fingerprint.update(path.getBytes(StandardCharsets.UTF_8));
            fingerprint.update((byte) 0);
            fingerprint.update(bytes);
        }
        return bytes;
    }

    /** SHA-256 over every fixture file read, in the order first read (the manifest fixes that order). */
    private String fixturesFingerprint() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) fingerprint.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String required(String key) {
        String value = manifest.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("golden month " + source.describe() + ": month.properties has no " + key);
        }
        return value.trim();
    }
}
