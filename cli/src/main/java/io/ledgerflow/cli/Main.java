package io.ledgerflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ledgerflow} command: see {@code --help}, and README.md. */
@Command(
        name = "ledgerflow",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Batch accounting engine: billing CSV to balanced double-entry journals,",
            "stored in DynamoDB, closed and exported to the general ledger each month.",
            ""
        },
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            DailyCommand.class,
            RerunCommand.class,
            RedriveCommand.class,
            JournalCommand.class,
            TrialBalanceCommand.class,
            StatusCommand.class,
            CloseCommand.class,
            GlExportCommand.class,
            LedgerCommand.class,
            ReopenCommand.class,
            VerifyCommand.class,
            DemoCommand.class,
            LocalCommand.class,
            JournalizeCommand.class,
            GenerateCommand.class,
            CostCommand.class,
            WorkflowCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 done; 1 the run or a check failed (the reason is printed);",
            "2 bad usage or bad input file; 3 infrastructure failure.",
            "Run 'ledgerflow help COMMAND' for a command's options and an example."
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Spring Batch logs each job launch through java.util.logging; the commands report it themselves. */
    private static final java.util.logging.Logger SPRING = java.util.logging.Logger.getLogger("org.springframework");

    static {
        SPRING.setLevel(java.util.logging.Level.WARNING);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line in-process and returns its exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = newCommandLine();
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) { // an Error picocli lets through: exit 3 with a message, not a trace
            return ExitCodeExceptionHandler.outOfMemory(e, cli);
        }
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ExitCodeExceptionHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        // No command given: usage on stderr, exit 2 like any other usage error.
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
