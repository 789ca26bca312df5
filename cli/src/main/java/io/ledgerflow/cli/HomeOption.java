package io.ledgerflow.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home}: where the embedded default keeps its state between commands. */
final class HomeOption {

    @Option(names = "--home", paramLabel = "DIR",
            description = "State folder of the embedded default (default: $LEDGERFLOW_HOME, else ./.ledgerflow).")
    Path home;

    Path resolve() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("LEDGERFLOW_HOME");
        return Path.of(env != null && !env.isBlank() ? env : ".ledgerflow");
    }
}
