package io.ledgerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.core.daily.DailyRunInput;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.cli.targets.Target;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
import io.ledgerflow.core.billing.BadInputFileException;
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

    static final String DEFAULT_RULES_RESOURCE = "ledgerflow/rules.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--date", required = true, paramLabel = "yyyy-MM-dd", description = "The business date of the file.")
    LocalDate date;

    @Mixin
    TargetOptions target;

    @Mixin
    WaitOptions wait;

    @Option(names = "--input", required = true, paramLabel = "FILE|s3://B/K",
            description = "The day's billing CSV; with --target aws, the file in S3 as s3://B/K (operators' files arrive there).")
    String input;

    @Option(names = "--rules", paramLabel = "FILE|s3://B/K",
            description = "The rules YAML (default: the standard rules, fixtures/rules.yaml; with --target aws: "
                    + "$LEDGERFLOW_RULES_URI, else s3://ledgerflow-config/rules.yaml).")
    String rules;

    @Option(names = "--encoding", defaultValue = DailyRunInput.DEFAULT_ENCODING, paramLabel = "CHARSET",
            description = "The file's encoding, e.g. windows-31j (default: ${DEFAULT-VALUE}).")
    Charset encoding;

    @Option(names = "--max-reject-percent", defaultValue = DailyRunInput.DEFAULT_MAX_REJECT_PERCENT, paramLabel = "P",
            description = "Fail the run when more than P %% of the lines are quarantined (default: ${DEFAULT-VALUE}).")
    BigDecimal maxRejectPercent;

    @Option(names = "--partition-lines", defaultValue = "" + DailyRunInput.DEFAULT_PARTITION_LINES, paramLabel = "N",
            description = "Lines per partition, at most (whole invoices stay together; default: ${DEFAULT-VALUE}).")
    int partitionLines;

    @Option(names = "--max-concurrency", defaultValue = "" + DailyRunInput.DEFAULT_MAX_CONCURRENCY, paramLabel = "N",
            description = "Workers running at once (the Distributed Map's MaxConcurrency; default: ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(names = "--partitions-per-batch", defaultValue = "" + DailyRunInput.DEFAULT_PARTITIONS_PER_BATCH, paramLabel = "N",
            description = "Partitions per worker invocation (ItemBatcher; default: ${DEFAULT-VALUE}).")
    int partitionsPerBatch;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Also copy the day's rejects to FILE.")
    Path rejectsOut;

    /**
     * The object keys the workflow reads the day's file and rules from, each with the name the
     * person gave that file: a bad file's message names the key it was read from (the reader's
     * source; only the message crosses Step Functions), the person should read their own path.
     */
    private final java.util.Map<String, String> namesAsGiven = new java.util.LinkedHashMap<>();

    /** The default of {@code --max-input-size}: a day's file is hundreds of megabytes at most. */
    static final String DEFAULT_MAX_INPUT_SIZE = "1g";
    static final String MAX_INPUT_SIZE_ENV = "LEDGERFLOW_MAX_INPUT_SIZE";
    /** A rules file is a few kilobytes; more is a wrong file, not rules. */
    static final long RULES_BYTES_MAX = 1024 * 1024;

    @Option(names = "--max-input-size", paramLabel = "SIZE", converter = ByteSize.Converter.class,
            defaultValue = "${env:" + MAX_INPUT_SIZE_ENV + ":-" + DEFAULT_MAX_INPUT_SIZE + "}",
            description = "Refuse a file larger than SIZE, before anything is written (bytes, or with k, m, g: "
                    + "512m, 2g; default: $" + MAX_INPUT_SIZE_ENV + ", else " + DEFAULT_MAX_INPUT_SIZE + "). "
                    + "The file is streamed, never held in memory.")
    ByteSize maxInputSize;

    /** The execution's (and run's) name. */
    abstract String executionName();

    /** Who acts, as recorded with the run ({@link #recordedBy}). */
    abstract String requestedBy();

    private String recordedBy;

    /**
     * The caller's identity, the operating-system user or with {@code --target aws} the AWS
     * identity (STS, asked once), with {@code named} (the {@code --requested-by} value, or null)
     * beside it: see {@link Caller}.
     */
    final String recordedBy(String named) {
        if (recordedBy == null) {
            recordedBy = Caller.recorded(spec, target.aws() ? target.callerArn() : Caller.localUser(), named);
        }
        return recordedBy;
    }

    abstract String reason();

    @Override
    public Integer call() {
        checkOptions();
        return target.aws() ? callAws() : callEmbedded();
    }

    private Integer callEmbedded() {
        PrintWriter err = spec.commandLine().getErr();
        try (LocalLedger ledger = home.open();
                CliProgress progress = new CliProgress(err, System.console() != null)) {
            ObjectNode executionInput = executionInput(ledger);
            Target embedded = EmbeddedTarget.synchronous(ledger.runtime(progress));
            String name = executionName();
            err.println(spec.name() + " " + date + ": execution " + name + " (home " + ledger.home() + ")");
            ExecutionView result;
            try {
                result = embedded.start(StateMachines.DAILY_JOURNAL, name, executionInput);
            } catch (StepFunctionsException.ExecutionAlreadyExists e) {
                throw new RunFailedException(e.getMessage() + "; " + rerunHint());
            }
            progress.close();
            return report(result, ledger, embedded);
        }
    }

    /**
     * Starts the execution on Step Functions with the day's file and rules already in S3, then
     * follows it with DescribeExecution. A daily run of a day already run with the same input
     * reports that run (StartExecution refuses a closed execution's name).
     */
    private Integer callAws() {
        PrintWriter err = spec.commandLine().getErr();
        S3Uri file = S3Uri.parse(spec, "--input", input);
        S3Uri rulesAt = S3Uri.parse(spec, "--rules", rules != null ? rules : System.getenv().getOrDefault("LEDGERFLOW_RULES_URI",
                "s3://" + LocalLedger.CONFIG_BUCKET + "/rules.yaml"));
        String workBucket = System.getenv().getOrDefault("LEDGERFLOW_WORK_BUCKET", LocalLedger.WORK_BUCKET);
        ObjectNode executionInput = executionInput(file, rulesAt, workBucket);
        namesAsGiven.put(file.key(), "s3://" + file.bucket() + "/" + file.key());
        namesAsGiven.put(rulesAt.key(), "s3://" + rulesAt.bucket() + "/" + rulesAt.key());
        try (Target aws = target.openAws(spec, StateMachines.DAILY_JOURNAL)) {
            String name = executionName();
            err.println(spec.name() + " " + date + ": execution " + name + " on " + aws.describeSelf());
            ExecutionView started;
            try {
                started = aws.start(StateMachines.DAILY_JOURNAL, name, executionInput);
            } catch (StepFunctionsException.ExecutionAlreadyExists e) {
                ExecutionView existing = aws.describe(aws.executionArn(StateMachines.DAILY_JOURNAL, name));
                if (!executionInput.equals(existing.input()) || !(existing.succeeded() || existing.running())) {
                    throw new RunFailedException(e.getMessage() + " (" + existing.status() + "); " + rerunHint());
                }
                err.println("  already started with the same input: " + existing.executionArn());
                started = existing;
            }
            err.println("  " + started.executionArn());
            if (wait.noWait) {
                spec.commandLine().getOut().println(started.executionArn());
                spec.commandLine().getOut().flush();
                return ExitCode.DONE;
            }
            return report(wait.follow(aws, started, err), null, aws);
        }
    }

    private String rerunHint() {
        return "to replace the day, use 'ledgerflow rerun --date " + date + " --input FILE --reason TEXT'";
    }

    private void checkOptions() {
        if (target.aws()) {
            if (rejectsOut != null) {
                throw new ParameterException(spec.commandLine(), "--rejects copies from the embedded store; with --target aws "
                        + "the rejects are at the s3:// URI printed at the end");
            }
        } else {
            if (!Files.isRegularFile(Path.of(input))) {
                throw new ParameterException(spec.commandLine(), "--input " + input + ": no such file");
            }
            if (rules != null && !Files.isRegularFile(Path.of(rules))) {
                throw new ParameterException(spec.commandLine(), "--rules " + rules + ": no such file");
            }
            checkSizes();
        }
        Options.requirePercent(spec, "--max-reject-percent", maxRejectPercent);
        Options.requireWritable(spec, "--rejects", rejectsOut);
        if (partitionLines < 1 || partitionLines > 100_000 || maxConcurrency < 1 || maxConcurrency > 1_000
                || partitionsPerBatch < 1 || partitionsPerBatch > 100) {
            throw new ParameterException(spec.commandLine(),
                    "--partition-lines must be 1..100000, --max-concurrency 1..1000, --partitions-per-batch 1..100");
        }
    }

    /**
     * Refuses a day's file over {@code --max-input-size} (and a rules file over a megabyte) before
     * the home is opened: nothing is written. A sparse 2 GB file is refused without reading it.
     */
    private void checkSizes() {
        long size = sizeOf(Path.of(input));
        if (size > maxInputSize.bytes()) {
            throw new BadInputFileException(input, 0, "the file is " + new ByteSize(size) + " (" + size
                    + " bytes), over the input size limit of " + maxInputSize + " (" + maxInputSize.bytes()
                    + " bytes); nothing was written. Split the day's file, or raise the limit with --max-input-size "
                    + "or $" + MAX_INPUT_SIZE_ENV, null);
        }
        if (rules != null && sizeOf(Path.of(rules)) > RULES_BYTES_MAX) {
            throw new BadInputFileException(rules, 0, "a rules file of " + new ByteSize(sizeOf(Path.of(rules)))
                    + " is over " + new ByteSize(RULES_BYTES_MAX) + "; is this the rules file?", null);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadInputFileException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private ObjectNode executionInput(LocalLedger ledger) {
        Staged staged = stage(ledger, date, Path.of(input), rules == null ? null : Path.of(rules));
        namesAsGiven.put(staged.input().key(), input);
        namesAsGiven.put(staged.rules().key(), rules != null ? rules : "the standard rules");
        return executionInput(staged.input(), staged.rules(), LocalLedger.WORK_BUCKET);
    }

    /** Where {@link #stage} put the day's file and the rules. */
    record Staged(S3Uri input, S3Uri rules) {}

    /**
     * Puts the day's file into the home's input bucket ({@code DATE/SHA256-PREFIX.csv}) and the
     * rules into the config bucket ({@code rules/SHA256-PREFIX.yaml}; null {@code rulesFile}: the
     * standard rules), as every local {@code daily} and {@code rerun} does; the finance console's
     * rerun stores its upload the same way.
     */
    static Staged stage(LocalLedger ledger, LocalDate date, Path file, Path rulesFile) {
        // Streamed twice (its digest names it, then the copy): a day's file never sits in the heap.
        String inputKey = date + "/" + sha256(file).substring(0, 16) + ".csv";
        try (InputStream in = Files.newInputStream(file)) {
            ledger.objects().put(LocalLedger.INPUT_BUCKET, inputKey, in, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        byte[] rulesBytes = rulesFile != null ? read(rulesFile) : resource(DEFAULT_RULES_RESOURCE).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String rulesKey = "rules/" + sha256(rulesBytes).substring(0, 16) + ".yaml";
        ledger.objects().put(LocalLedger.CONFIG_BUCKET, rulesKey, rulesBytes);
        return new Staged(new S3Uri(LocalLedger.INPUT_BUCKET, inputKey), new S3Uri(LocalLedger.CONFIG_BUCKET, rulesKey));
    }

    /** The daily workflow's input (its contract with Prepare). */
    private ObjectNode executionInput(S3Uri file, S3Uri rulesAt, String workBucket) {
        return new DailyRunInput(executionName(), date, encoding.name(), new ObjectRef(file.bucket(), file.key()),
                new ObjectRef(rulesAt.bucket(), rulesAt.key()), workBucket, partitionLines, partitionsPerBatch,
                maxConcurrency, maxRejectPercent, requestedBy(), reason()).toJson();
    }

    /** A failure's message that begins with the key of the day's file or rules, begun with the name the person gave it instead. */
    String inUserTerms(String message) {
        for (java.util.Map.Entry<String, String> name : namesAsGiven.entrySet()) {
            if (message.startsWith(name.getKey() + ":")) {
                return name.getValue() + message.substring(name.getKey().length());
            }
        }
        return message;
    }

    /** Reports the ended execution; {@code ledger} is null on AWS (rejects stay in S3). */
    private int report(ExecutionView ended, LocalLedger ledger, Target target) {
        PrintWriter err = spec.commandLine().getErr();
        if (!ended.succeeded()) {
            ExecutionView result = MapRunFailure.rootCause(ended, target);
            String message = inUserTerms(FailureNames.message(result.cause()));
            if (OutOfMemory.ERRORS.contains(result.error())) { // a function ran out of memory: the run is marked failed
                err.println("ledgerflow: error: infrastructure: " + spec.name() + " " + date + ": "
                        + OutOfMemory.message(message));
                err.flush();
                return ExitCode.INFRASTRUCTURE;
            }
            return FailureReport.execution(err, Main.debug(spec), spec.name() + " " + date, result.error(), message,
                    result.cause(), java.util.List.of("nothing of this run is visible: the day's previous journal (if any) "
                            + "is unchanged; see 'ledgerflow status --date " + date + "'"));
        }
        JsonNode out = ended.output();
        if (out.path("unchanged").asBoolean()) {
            err.printf("%s %s: unchanged: the day's published run %s has the same file (this start is on record as"
                    + " SKIPPED)%n", spec.name(), date, out.path("runId").asText());
        } else {
            err.printf("%s %s: run %s published%n", spec.name(), date, out.path("runId").asText());
        }
        err.printf("  read %d lines = posted %d + quarantined %d; %d journal entries%n", out.path("linesRead").asLong(),
                out.path("linesPosted").asLong(), out.path("linesQuarantined").asLong(), out.path("entries").asLong());
        if (!out.path("replacedRunId").isNull() && !out.path("replacedRunId").isMissingNode()) {
            err.printf("  replaced run %s (%d stored items purged)%n", out.path("replacedRunId").asText(),
                    out.path("purgedItems").asLong());
        }
        if (out.hasNonNull("cleanupFailure")) {
            err.printf("  the cleanup after the publish stopped (%s); the day's next finalize sweeps what is left%n",
                    out.path("cleanupFailure").asText());
        }
        if (out.path("sweptItems").asLong() > 0) {
            err.printf("  swept %d stored items left by failed runs of the day%n", out.path("sweptItems").asLong());
        }
        JsonNode rejects = out.path("rejects");
        if (rejectsOut != null && ledger != null) {
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
                    + (ledger == null ? "" : " (under " + ledger.home().resolve("s3") + ")"));
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

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
