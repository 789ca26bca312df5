package io.ledgerflow.cli;

import io.ledgerflow.core.crash.CrashPoint;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ledgerflow} command: see {@code --help}, and README.md. */
@Command(
        name = "ledgerflow",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Batch accounting engine: billing CSV to balanced double-entry journals, "
                    + "stored in DynamoDB, closed and exported to the general ledger each month.",
            ""
        },
        synopsisSubcommandLabel = "COMMAND",
        footer = {
            "",
            "Exit codes: 0 done; 1 the run or a check failed (the reason is printed); "
                    + "2 bad usage or bad input file; 3 infrastructure failure. "
                    + "Run 'ledgerflow help COMMAND' for a command's options and an example."
        })
public final class Main implements Runnable {

    static {
        // Before anything logs: the CLI's configuration (nothing on the terminal; a home's log file
        // once a command opens one), not the Lambda functions' (JSON on standard output).
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "ledgerflow-cli-log4j2.xml");
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Spring Batch logs each job launch through java.util.logging; the commands report it themselves. */
    private static final java.util.logging.Logger SPRING = java.util.logging.Logger.getLogger("org.springframework");

    static {
        SPRING.setLevel(java.util.logging.Level.WARNING);
    }

    public static void main(String[] args) {
        CrashPoint.armFromEnvironment(); // test-only, off unless LEDGERFLOW_CRASH_AT is set; never in-process
        System.exit(execute(args));
    }

    /** Help texts are wrapped to this width, whatever the terminal: 80 columns read everywhere. */
    static final int USAGE_HELP_WIDTH = 80;

    /** With {@code LEDGERFLOW_DEBUG} set, failures also print class names and stack traces. */
    private final boolean debug;

    Main(boolean debug) {
        this.debug = debug;
    }

    /**
     * The commands, in the order help lists them. Registered in code rather than in {@code @Command}
     * so that {@code journalize} can be started without the others (see {@link #newCommandLine(boolean, String[])}).
     */
    private static final List<Class<?>> COMMANDS = List.of(
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
            NoFileCommand.class,
            VerifyCommand.class,
            DemoCommand.class,
            LocalCommand.class,
            ConsoleCommand.class,
            JournalizeCommand.class,
            GenerateCommand.class,
            CostCommand.class,
            WorkflowCommand.class,
            CommandLine.HelpCommand.class);

    /** Runs the command line in-process and returns its exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = null;
        try {
            if (args.length > 0 && args[0].equals(JOURNALIZE)) {
                EarlyJournalize.start(args); // reads while picocli starts; see there
            }
            cli = newCommandLine(System.getenv("LEDGERFLOW_DEBUG") != null, args);
            return cli.execute(args);
        } catch (OutOfMemoryError e) { // an Error picocli lets through: exit 3 with a message, not a trace
            if (cli == null) {
                throw e;
            }
            return ExitCodeExceptionHandler.outOfMemory(e, cli);
        } finally {
            EarlyJournalize.clear();
        }
    }

    static CommandLine newCommandLine() {
        return newCommandLine(System.getenv("LEDGERFLOW_DEBUG") != null);
    }

    static CommandLine newCommandLine(boolean debug) {
        return newCommandLine(debug, COMMANDS);
    }

    /**
     * The command line for {@code args}: with {@code journalize} first, one that knows that command
     * only. picocli builds the model of every registered command by reflection before it parses
     * anything (a third of a second of interpreted code for the twenty commands, paid by every
     * start, and picocli's classes cannot come from the start-up cache: their class files predate
     * Java 6). journalize is the command whose whole run is measured against a bare read of its
     * file (BENCHMARKS.md, journalize); the model of that command alone parses its arguments and
     * prints its help and usage errors exactly as the whole tree does.
     */
    static CommandLine newCommandLine(boolean debug, String[] args) {
        if (args.length > 0 && args[0].equals(JOURNALIZE)) {
            return newCommandLine(debug, List.of(JournalizeCommand.class));
        }
        return newCommandLine(debug, COMMANDS);
    }

    private static final String JOURNALIZE = "journalize";

    private static CommandLine newCommandLine(boolean debug, List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new Main(debug));
        // Before the settings below: each applies to the commands registered when it is set.
        commands.forEach(cli::addSubcommand);
        cli.setExecutionExceptionHandler(new ExitCodeExceptionHandler(debug));
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(false);
        cli.setUsageHelpWidth(USAGE_HELP_WIDTH);
        return cli;
    }

    /** Whether the command line that runs {@code command} was started with LEDGERFLOW_DEBUG. */
    static boolean debug(CommandLine.Model.CommandSpec command) {
        return command.root().userObject() instanceof Main main && main.debug;
    }

    @Override
    public void run() {
        // No command given: usage on stderr, exit 2 like any other usage error.
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
