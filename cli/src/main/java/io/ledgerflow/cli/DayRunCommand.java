package io.ledgerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.workflows.asl.Definitions;
import io.ledgerflow.workflows.runtime.ExecutionAlreadyExistsException;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What {@code daily} and {@code rerun} share: put the day's file and rules in the object store,
 * run {@code daily-journal.asl.json} on the embedded runtime, and report the day.
 */
abstract class DayRunCommand implements Callable<Integer> {

    static final String DEFINITION_RESOURCE = "ledgerflow/workflows/daily-journal.asl.json";
    static final String DEFAULT_RULES_RESOURCE = "ledgerflow/rules.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--date", required = true, paramLabel = "yyyy-MM-dd", description = "The business date of the file.")
    LocalDate date;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The day's billing CSV.")
    Path input;

    @Option(names = "--rules", paramLabel = "FILE", description = "The rules YAML (default: the standard rules, fixtures/rules.yaml).")
    Path rules;

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET",
            description = "The file's encoding, e.g. windows-31j (default: ${DEFAULT-VALUE}).")
    Charset encoding;

    @Option(names = "--max-reject-percent", defaultValue = "1.0", paramLabel = "P",
            description = "Fail the run when more than P %% of the lines are quarantined (default: ${DEFAULT-VALUE}).")
    BigDecimal maxRejectPercent;

    @Option(names = "--partition-lines", defaultValue = "2000", paramLabel = "N",
            description = "Lines per partition, at most (whole invoices stay together; default: ${DEFAULT-VALUE}).")
    int partitionLines;

    @Option(names = "--max-concurrency", defaultValue = "4", paramLabel = "N",
            description = "Workers running at once (the Distributed Map's MaxConcurrency; default: ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(names = "--partitions-per-batch", defaultValue = "2", paramLabel = "N",
            description = "Partitions per worker invocation (ItemBatcher; default: ${DEFAULT-VALUE}).")
    int partitionsPerBatch;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Also copy the day's rejects to FILE.")
    Path rejectsOut;

    /** The execution's (and run's) name. */
    abstract String executionName();

    abstract String requestedBy();

    abstract String reason();

    @Override
    public Integer call() {
        checkOptions();
        PrintWriter err = spec.commandLine().getErr();
        try (LocalLedger ledger = LocalLedger.open(home.resolve());
                CliProgress progress = new CliProgress(err, System.console() != null)) {
            ObjectNode executionInput = executionInput(ledger);
            String definition = Definitions.substitute(resource(DEFINITION_RESOURCE), LocalLedger.substitutions());
            WorkflowRuntime runtime = ledger.runtime(progress);
            String name = executionName();
            err.println(spec.name() + " " + date + ": execution " + name + " (home " + ledger.home() + ")");
            ExecutionResult result;
            try {
                result = runtime.start("daily-journal", definition, executionInput, name);
            } catch (ExecutionAlreadyExistsException e) {
                throw new RunFailedException(e.getMessage() + "; to replace the day, use 'ledgerflow rerun --date " + date
                        + " --input FILE --reason TEXT --requested-by NAME'");
            }
            progress.close();
            return report(ledger, result);
        }
    }

    private void checkOptions() {
        if (!Files.isRegularFile(input)) {
            throw new ParameterException(spec.commandLine(), "--input " + input + ": no such file");
        }
        if (rules != null && !Files.isRegularFile(rules)) {
            throw new ParameterException(spec.commandLine(), "--rules " + rules + ": no such file");
        }
        Options.requirePercent(spec, "--max-reject-percent", maxRejectPercent);
        Options.requireWritable(spec, "--rejects", rejectsOut);
        if (partitionLines < 1 || partitionLines > 100_000 || maxConcurrency < 1 || maxConcurrency > 1_000
                || partitionsPerBatch < 1 || partitionsPerBatch > 100) {
            throw new ParameterException(spec.commandLine(),
                    "--partition-lines must be 1..100000, --max-concurrency 1..1000, --partitions-per-batch 1..100");
        }
    }

    private ObjectNode executionInput(LocalLedger ledger) {
        byte[] file = read(input);
        String inputKey = date + "/" + sha256(file).substring(0, 16) + ".csv";
        ledger.objects().put(LocalLedger.INPUT_BUCKET, inputKey, file);
        byte[] rulesBytes = rules != null ? read(rules) : resource(DEFAULT_RULES_RESOURCE).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String rulesKey = "rules/" + sha256(rulesBytes).substring(0, 16) + ".yaml";
        ledger.objects().put(LocalLedger.CONFIG_BUCKET, rulesKey, rulesBytes);
        ObjectNode in = JSON.createObjectNode();
        in.put("runId", executionName()).put("businessDate", date.toString()).put("encoding", encoding.name());
        in.putObject("input").put("bucket", LocalLedger.INPUT_BUCKET).put("key", inputKey);
        in.putObject("rules").put("bucket", LocalLedger.CONFIG_BUCKET).put("key", rulesKey);
        in.put("workBucket", LocalLedger.WORK_BUCKET).put("partitionLines", partitionLines)
                .put("partitionsPerBatch", partitionsPerBatch).put("maxConcurrency", maxConcurrency)
                .put("maxRejectPercent", maxRejectPercent).put("requestedBy", requestedBy()).put("reason", reason());
        return in;
    }

    private int report(LocalLedger ledger, ExecutionResult result) {
        PrintWriter err = spec.commandLine().getErr();
        if (!result.succeeded()) {
            String message = FailureNames.message(result.cause());
            err.println("ledgerflow: FAILED: " + spec.name() + " " + date + ": " + result.error() + ": " + message);
            err.println("  the day's previous journal (if any) is unchanged; see 'ledgerflow status --date " + date + "'");
            err.flush();
            return FailureNames.exitCode(result.error());
        }
        JsonNode out = result.output();
        err.printf("%s %s: run %s published%n", spec.name(), date, out.path("runId").asText());
        err.printf("  read %d lines = posted %d + quarantined %d; %d journal entries%n", out.path("linesRead").asLong(),
                out.path("linesPosted").asLong(), out.path("linesQuarantined").asLong(), out.path("entries").asLong());
        if (!out.path("replacedRunId").isNull() && !out.path("replacedRunId").isMissingNode()) {
            err.printf("  replaced run %s (%d stored items purged)%n", out.path("replacedRunId").asText(),
                    out.path("purgedItems").asLong());
        }
        JsonNode rejects = out.path("rejects");
        if (rejectsOut != null) {
            byte[] text = ledger.objects().get(rejects.path("bucket").asText(), rejects.path("key").asText());
            AtomicOutput.write(rejectsOut, writer -> {
                try {
                    writer.write(new String(text, java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
            err.println("  rejects: " + rejectsOut);
        } else {
            err.println("  rejects: s3://" + rejects.path("bucket").asText() + "/" + rejects.path("key").asText()
                    + " (under " + ledger.home().resolve("s3") + ")");
        }
        err.flush();
        return ExitCode.DONE;
    }

    static String resource(String name) {
        try (InputStream in = DayRunCommand.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in the ledgerflow jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
