package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the ledger database is: the embedded PostgreSQL under {@code --home} unless a server is named. */
final class LedgerDatabaseOptions {

    @Option(names = "--ledger-jdbc-url", paramLabel = "URL",
            description = "A PostgreSQL server for the ledger database, e.g. jdbc:postgresql://db:5432/ledger"
                    + " (default: $LEDGERFLOW_LEDGER_JDBC_URL, else an embedded PostgreSQL under --home)."
                    + " The password is read from $LEDGERFLOW_LEDGER_PASSWORD.")
    String jdbcUrl;

    @Option(names = "--ledger-user", paramLabel = "NAME",
            description = "The ledger database user (default: $LEDGERFLOW_LEDGER_USER, else ledgerflow).")
    String user;

    @Option(names = "--ledger", paramLabel = "NAME",
            description = "The ledger exported to: one batch per ledger and month (default: ${DEFAULT-VALUE}).",
            defaultValue = LedgerDatabaseSettings.DEFAULT_LEDGER)
    String ledger;

    /** Applies a named server to the ledger, if any; the embedded one otherwise. */
    LocalLedger applyTo(LocalLedger local) {
        named().ifPresent(local::useLedgerDatabase);
        return local;
    }

    /** The named server's settings ({@code --ledger-jdbc-url} or its environment), or empty for the embedded one. */
    Optional<LedgerDatabaseSettings> named() {
        String url = jdbcUrl != null ? jdbcUrl : System.getenv("LEDGERFLOW_LEDGER_JDBC_URL");
        if (url != null && !url.isBlank()) {
            String name = user != null ? user : System.getenv().getOrDefault("LEDGERFLOW_LEDGER_USER", "ledgerflow");
            String password = System.getenv().getOrDefault("LEDGERFLOW_LEDGER_PASSWORD", "");
            return Optional.of(new LedgerDatabaseSettings(url, name, password, ledger));
        }
        if (!LedgerDatabaseSettings.DEFAULT_LEDGER.equals(ledger)) {
            throw new IllegalArgumentException("--ledger applies to a named server (--ledger-jdbc-url); the embedded"
                    + " ledger database holds ledger " + LedgerDatabaseSettings.DEFAULT_LEDGER);
        }
        return Optional.empty();
    }
}
