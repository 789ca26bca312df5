package io.ledgerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.cli.local.HomeLock;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.workflows.asl.Definitions;
import io.ledgerflow.workflows.asl.InvalidDefinitionException;
import io.ledgerflow.workflows.asl.Problem;
import io.ledgerflow.workflows.runtime.LocalServiceException;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.Sleeper;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ledgerflow workflow run|validate}: the embedded Step Functions runtime on the command line. */
@Command(
        name = "workflow",
        mixinStandardHelpOptions = true,
        description = "Run or validate an ASL state machine (*.asl.json) on the embedded Step Functions runtime.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {WorkflowCommand.Run.class, WorkflowCommand.Validate.class})
public final class WorkflowCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run or validate");
    }

    /** Options shared by run and validate. */
    static final class Substitutions {
        @Option(names = "--substitution", paramLabel = "NAME=VALUE",
                description = "Replace $${NAME} in the definition, as SAM DefinitionSubstitutions do (repeatable).")
        Map<String, String> values = new LinkedHashMap<>();
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {
                "Run a state machine to its end. The LAST stdout line is the result:",
                "  {\"status\":\"SUCCEEDED\",\"output\":...}  or",
                "  {\"status\":\"FAILED\",\"error\":...,\"cause\":...}"},
            footer = {
                "",
                "Exit codes: 0 succeeded; 1 the execution failed; 2 bad usage, an invalid "
                        + "definition or input, or an execution name already used with another input; "
                        + "3 infrastructure failure.",
                "",
                "Example:",
                "  ledgerflow workflow run --definition workflows/daily-journal.asl.json \\",
                "      --input @input.json --name daily-2026-04-01"})
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--definition", paramLabel = "FILE", description = "The ASL definition (*.asl.json).")
        Path definition;

        @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}",
                description = "Execution input as JSON text, or @FILE to read it from a file (default: {}).")
        String input;

        @Option(names = "--name", paramLabel = "NAME",
                description = "Execution name. Starting a name again with the same input returns the recorded result.")
        String name;

        @Option(names = "--redrive", description = "Redrive the failed execution --name: resume at the state that failed.")
        boolean redrive;

        @Option(names = "--handler", paramLabel = "FUNCTION=CLASS",
                description = "Deploy a function with this handler (CLASS or CLASS::method, as a template's Handler), loaded by Lambda's runtime client (repeatable).")
        Map<String, String> handlers = new LinkedHashMap<>();

        @Option(names = "--home", paramLabel = "DIR",
                description = "State folder (default: $LEDGERFLOW_HOME or ./.ledgerflow); S3 buckets live in DIR/s3/<bucket>.")
        Path home;

        @Option(names = "--object-store", paramLabel = "fs|s3", defaultValue = "fs",
                description = "Where ItemReader and ResultWriter buckets are: fs (folders under --home, the default) or s3 "
                        + "(Amazon S3 with the AWS SDK's default region and credentials).")
        String objectStore;

        @CommandLine.Mixin
        Substitutions substitutions = new Substitutions();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path dir = home(home);
            ExecutionResult result;
            // Executions are recorded in the home: one process at a time, and those it leaves
            // RUNNING are known to be its own (HomeLock).
            try (HomeLock lock = HomeLock.acquire(dir, HomeLock.Waiting.refuse(err, HomeLock.processCommand()))) {
                lock.claimRunner();
                WorkflowRuntime runtime = runtime(spec, dir, handlers, objectStore);
                result = redrive ? redrive(runtime) : start(runtime);
            } catch (InvalidDefinitionException e) {
                printProblems(err, definition, e);
                return ExitCode.BAD_INPUT;
            } catch (LocalServiceException e) { // a name taken or invalid, an execution not redrivable
                err.println("ledgerflow: error: " + e.getMessage());
                return ExitCode.BAD_INPUT;
            }
            out.println(result.toJson().toString());
            out.flush();
            return result.succeeded() ? ExitCode.DONE : ExitCode.FAILED;
        }

        private ExecutionResult start(WorkflowRuntime runtime) throws IOException {
            if (definition == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--definition is required (except with --redrive)");
            }
            String text = Definitions.substitute(readFile(spec, definition, "--definition"), substitutions.values);
            Definitions.readValid(text, Map.of());
            JsonNode json;
            try {
                String raw = input.startsWith("@") ? readFile(spec, Path.of(input.substring(1)), "--input") : input;
                json = WorkflowRuntime.parseInput(raw);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--input is not valid JSON: " + e.getOriginalMessage());
            }
            return runtime.start(machineName(definition), text, json, name);
        }

        private ExecutionResult redrive(WorkflowRuntime runtime) {
            if (name == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--redrive needs --name");
            }
            return runtime.redrive(name);
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a definition against the ASL rules without running it; "
                        + "each problem names its state and rule."},
            footer = {"", "Exit codes: 0 valid; 2 invalid definition (problems on stderr) "
                        + "or unreadable file."})
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*",
                description = "The ASL definitions (*.asl.json); each is checked and reported.")
        List<Path> files;

        @CommandLine.Mixin
        Substitutions substitutions = new Substitutions();

        @Override
        public Integer call() {
            int exit = ExitCode.DONE;
            for (Path file : files) {
                try {
                    Definitions.readValid(Definitions.substitute(readFile(spec, file, "FILE"), substitutions.values), Map.of());
                    spec.commandLine().getOut().println("valid: " + file);
                } catch (InvalidDefinitionException e) {
                    printProblems(spec.commandLine().getErr(), file, e);
                    exit = ExitCode.BAD_INPUT;
                }
            }
            return exit;
        }
    }

    private static Path home(Path home) {
        return home != null ? home : Path.of(System.getenv().getOrDefault("LEDGERFLOW_HOME", ".ledgerflow"));
    }

    private static WorkflowRuntime runtime(CommandLine.Model.CommandSpec spec, Path dir, Map<String, String> handlers,
                                           String objectStore) {
        var functions = LambdaFunctions.builder();
        for (var e : handlers.entrySet()) {
            try {
                Class.forName(e.getValue().replaceFirst("::.*$", ""), false, WorkflowCommand.class.getClassLoader());
            } catch (ClassNotFoundException ex) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--handler " + e.getKey() + "=" + e.getValue()
                        + ": no such class");
            }
            functions.deploy(e.getKey(), e.getValue());
        }
        ObjectStore store = switch (objectStore) {
            case "fs" -> new FileSystemObjectStore(dir.resolve("s3"));
            case "s3" -> new S3ObjectStore(S3Client.create());
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--object-store must be fs or s3");
        };
        // States.UUID draws from it: a cryptographic generator, as UUID.randomUUID uses.
        return new WorkflowRuntime(dir, functions.build(), store, Sleeper.REAL, Clock.systemUTC(), new SecureRandom());
    }

    private static String readFile(CommandLine.Model.CommandSpec spec, Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + file + ": cannot read: " + e.getMessage());
        }
    }

    /** The state machine's name: the file name without .asl.json (SAM names them the same way). */
    private static String machineName(Path definition) {
        return definition.getFileName().toString().replaceFirst("\\.asl\\.json$", "").replaceFirst("\\.json$", "")
                .replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private static void printProblems(PrintWriter err, Path file, InvalidDefinitionException e) {
        err.println("ledgerflow: error: invalid definition " + file + ":");
        for (Problem p : e.problems()) {
            err.println("  " + p);
        }
        err.flush();
    }
}
