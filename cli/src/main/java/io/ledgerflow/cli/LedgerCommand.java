package io.ledgerflow.cli;

import io.ledgerflow.cli.local.HomeLock;
import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import io.ledgerflow.core.adapters.postgres.LedgerSchema;
import io.ledgerflow.core.adapters.postgres.local.EmbeddedLedgerDatabase;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerflow ledger}: the ledger database itself. {@code ledger migrate} is the deploy-time
 * step that applies the schema (the export never does: it needs DDL rights that a shared general
 * ledger gives only to its schema's owner).
 */
@Command(
        name = "ledger",
        mixinStandardHelpOptions = true,
        description = "The ledger database (PostgreSQL) that the monthly close exports to.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {LedgerCommand.Migrate.class})
final class LedgerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'ledger migrate'");
    }

    @Command(
            name = "migrate",
            mixinStandardHelpOptions = true,
            header = "Bring the ledger database's schema up to date (a deploy-time step).",
            description = {
                "Applies the pending Flyway migrations (gl_interface, export_batch, the export job's Spring Batch "
                        + "tables) as the given login, which needs DDL rights on the schema, then grants --grant-to the "
                        + "export's rights only (insert and read its batches and rows, its job repository, the schema "
                        + "history). The export itself never migrates: it refuses an outdated schema and names this command. "
                        + "Without --ledger-jdbc-url it migrates the embedded database under --home (which also migrates on "
                        + "first use). On AWS the stack's migrate-ledger function does the same from inside the VPC."
            },
            footer = {"", "Example:", "  LEDGERFLOW_LEDGER_PASSWORD=... ledgerflow ledger migrate \\", "      --ledger-jdbc-url jdbc:postgresql://gl.internal:5432/gl --ledger-user gl_owner --grant-to ledgerflow_export"})
    static final class Migrate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        HomeOption home;

        @Mixin
        LedgerDatabaseOptions database;

        @Option(names = "--grant-to", paramLabel = "ROLE",
                description = "The export's database role, granted the export's rights after migrating (default: none).")
        String grantTo;

        @Override
        public Integer call() {
            Optional<LedgerDatabaseSettings> server = database.named();
            LedgerSchema.Migrated migrated;
            String where;
            if (server.isPresent()) {
                migrated = LedgerSchema.migrate(server.get(), grantTo);
                where = server.get().jdbcUrl() + " as " + server.get().user();
            } else {
                if (grantTo != null) {
                    throw new ParameterException(spec.commandLine(), "--grant-to applies to a named server"
                            + " (--ledger-jdbc-url); the embedded database has one login");
                }
                try (HomeLock lock = home.lock(); // two processes must not both initdb a fresh one
                        EmbeddedLedgerDatabase embedded = EmbeddedLedgerDatabase.start(home.resolve().resolve("postgres"))) {
                    migrated = LedgerSchema.migrate(embedded.settings(LedgerDatabaseSettings.DEFAULT_LEDGER), null);
                    where = "the embedded ledger database under " + home.resolve();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("ledger migrate: %s: schema version %s, %d migration(s) applied%s%n", where, migrated.schemaVersion(),
                    migrated.migrationsApplied(),
                    migrated.exportRole().isEmpty() ? "" : ", export rights granted to " + migrated.exportRole());
            out.flush();
            return ExitCode.DONE;
        }
    }
}
