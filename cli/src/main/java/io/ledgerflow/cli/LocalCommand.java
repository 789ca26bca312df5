package io.ledgerflow.cli;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbClients;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ledgerflow local}: the embedded engines behind the local default.
 *
 * <p>The embedded DynamoDB lives only while a ledgerflow process runs (it is a library in the
 * JVM, not a daemon), so {@code local endpoints} cannot print the address of an engine that is
 * already up. Instead it starts the engine on the home's data, prints where it listens and how to
 * reach it with the AWS CLI, and serves until Ctrl-C. Other ledgerflow commands start their own
 * engine on the same data directory, so do not run them on the same home meanwhile.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "The embedded engines of the local default (DynamoDB Local).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = LocalCommand.Endpoints.class)
final class LocalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: try 'local endpoints'");
    }

    @Command(
            name = "endpoints",
            mixinStandardHelpOptions = true,
            description = {
                "Starts embedded DynamoDB Local on the home's data, prints its endpoint, region, table and",
                "the exact AWS CLI command that scans the journal table, then serves until Ctrl-C.",
                "DynamoDB Local accepts any credentials; the printed ones are dummies, never real keys."
            },
            footer = {"", "Example:", "  ledgerflow local endpoints --home .ledgerflow",
                "  # in another terminal, paste the printed 'aws dynamodb scan ...' line"})
    static final class Endpoints implements Callable<Integer> {

        /** Connections of the client that creates the table; it needs one. */
        private static final int SETUP_CONNECTIONS_MAX = 2;

        @Option(names = "--home", paramLabel = "DIR",
                description = "State directory (default: $LEDGERFLOW_HOME, else ./.ledgerflow).")
        Path home;

        @Option(names = "--port", paramLabel = "N", defaultValue = "0",
                description = "Port to listen on (default: a free one).")
        int port;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Path dir = home != null ? home : Path.of(System.getenv().getOrDefault("LEDGERFLOW_HOME", ".ledgerflow"));
            EmbeddedDynamoDb engine = EmbeddedDynamoDb.startPersistent(dir, port);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                engine.close();
                stopped.countDown();
            }, "ledgerflow-local-stop"));
            try (DynamoDbClient client = engine.newClient(SETUP_CONNECTIONS_MAX)) {
                JournalTable.createIfAbsent(client, JournalTable.DEFAULT_NAME);
            }
            print(spec.commandLine().getOut(), engine);
            stopped.await(); // until Ctrl-C (SIGINT/SIGTERM run the shutdown hook)
            return ExitCode.DONE;
        }

        private static void print(PrintWriter out, EmbeddedDynamoDb engine) {
            String endpoint = engine.endpoint().toString();
            out.println("DynamoDB Local (embedded), data in " + engine.dataDir());
            out.println("  endpoint:    " + endpoint);
            out.println("  region:      " + DynamoDbClients.LOCAL_REGION + " (any region works: the engine runs with -sharedDb)");
            out.println("  table:       " + JournalTable.DEFAULT_NAME);
            out.println("  credentials: dummies; DynamoDB Local accepts any non-empty key pair");
            out.println("scan the journal table with the AWS CLI:");
            out.println("  AWS_ACCESS_KEY_ID=" + DynamoDbClients.LOCAL_ACCESS_KEY + " AWS_SECRET_ACCESS_KEY="
                    + DynamoDbClients.LOCAL_SECRET_KEY + " aws dynamodb scan --endpoint-url " + endpoint
                    + " --region " + DynamoDbClients.LOCAL_REGION + " --table-name " + JournalTable.DEFAULT_NAME);
            out.println("serving until Ctrl-C; the port listens on every interface, keep it to this machine");
            out.flush();
        }
    }
}
