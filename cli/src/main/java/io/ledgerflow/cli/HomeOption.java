package io.ledgerflow.cli;

import io.ledgerflow.cli.local.HomeLock;
import io.ledgerflow.cli.local.LocalLedger;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --home}: where the embedded default keeps its state between commands, and
 * {@code --wait-for-home}: what to do when another process uses it ({@link HomeLock}).
 */
final class HomeOption {

    @Option(names = "--home", paramLabel = "DIR",
            description = "State folder of the embedded default (default: $LEDGERFLOW_HOME, else ./.ledgerflow).")
    Path home;

    @Option(names = "--wait-for-home",
            description = "When another ledgerflow process uses the home, wait for it to end (at most 24 h) instead of"
                    + " exiting 3.")
    boolean waitForHome;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Path resolve() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("LEDGERFLOW_HOME");
        return Path.of(env != null && !env.isBlank() ? env : ".ledgerflow");
    }

    /** Takes the home for this command and starts its engines ({@link LocalLedger#open(Path, int, HomeLock.Waiting)}). */
    LocalLedger open() {
        return LocalLedger.open(resolve(), 0, waiting());
    }

    /**
     * As {@link #open()}, for a command that runs no function: S3's endpoint starts only if
     * something asks for it ({@link LocalLedger.S3Start#ON_FIRST_USE}).
     */
    LocalLedger openWithoutFunctions() {
        return LocalLedger.open(resolve(), 0, waiting(), LocalLedger.S3Start.ON_FIRST_USE);
    }

    /** Takes the home for this command, without its engines. */
    HomeLock lock() {
        return HomeLock.acquire(resolve(), waiting());
    }

    /** Waits with --wait-for-home, else refuses; this command line names the process to others. */
    HomeLock.Waiting waiting() {
        java.io.PrintWriter err = command.commandLine().getErr();
        String line = "ledgerflow " + String.join(" ", command.root().commandLine().getParseResult().originalArgs());
        return waitForHome ? HomeLock.Waiting.waitFor(err, line) : HomeLock.Waiting.refuse(err, line);
    }
}
