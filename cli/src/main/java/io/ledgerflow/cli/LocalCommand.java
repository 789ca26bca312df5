package io.ledgerflow.cli;

import io.ledgerflow.cli.local.HomeLock;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.local.LocalS3;
import io.ledgerflow.cli.local.LocalServer;
import io.ledgerflow.cli.local.LocalTriggers;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbClients;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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
        description = "The embedded engines of the local default (DynamoDB Local, Step Functions, S3).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {LocalCommand.Endpoints.class, LocalCommand.Serve.class})
final class LocalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: try 'local serve' or 'local endpoints'");
    }

    @Command(
            name = "endpoints",
            mixinStandardHelpOptions = true,
            description = {
                "Starts embedded DynamoDB Local on the home's data, prints its endpoint, region, table and "
                        + "the exact AWS CLI command that scans the journal table, then serves until Ctrl-C. "
                        + "DynamoDB Local accepts any credentials; the printed ones are dummies, never real keys."
            },
            footer = {"", "Example:", "  ledgerflow local endpoints --home .ledgerflow", "  # in another terminal, paste the printed 'aws dynamodb scan ...' line"})
    static final class Endpoints implements Callable<Integer> {

        /** Connections of the client that creates the table; it needs one. */
        private static final int SETUP_CONNECTIONS_MAX = 2;

        @Mixin
        HomeOption home;

        @Option(names = "--port", paramLabel = "N", defaultValue = "0",
                description = "Port to listen on (default: a free one).")
        int port;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Path dir = home.resolve();
            HomeLock lock = home.lock(); // released with the process
            EmbeddedDynamoDb engine;
            try {
                engine = EmbeddedDynamoDb.startPersistent(dir, port);
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                engine.close();
                lock.close();
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

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Serves the embedded default behind endpoints that speak AWS's protocols, so "
                        + "that the AWS CLI, the SDKs and 'ledgerflow --target aws' work against it: "
                        + "Step Functions (AWS JSON 1.0: StartExecution, DescribeExecution, "
                        + "ListExecutions, RedriveExecution, ListStateMachines, DescribeStateMachine) "
                        + "running the bundled state machines on the embedded runtime, DynamoDB Local, "
                        + "and S3 (S3Proxy over the home's folders: bucket B, key K is the file "
                        + "HOME/s3/B/K; requests signed with the key local/local). "
                        + "The template's triggers run too: its schedules (cron and time zone) and its "
                        + "rule on the S3 Object Created events of the input bucket, each invoking its "
                        + "function (e.g. ledgerflow-start-day, which starts sched-DATE) as AWS does. "
                        + "Step Functions signatures are not checked (use dummy credentials). Serves "
                        + "until Ctrl-C, then stops the triggers and accepting calls, lets running "
                        + "executions finish (--drain-seconds) and stops DynamoDB Local and S3.",
                "See cli/README-aws-target.md and docs/aws.md."
            },
            footer = {"", "Example:", "  ledgerflow local serve --home .ledgerflow --port 8083", "  # then paste the printed 'export ...' line and, e.g., upload a day's file:", "  aws s3 cp day.csv s3://ledgerflow-input/daily/2026-11-20/day.csv"})
    static final class Serve implements Callable<Integer> {

        @Mixin
        HomeOption home;

        @Option(names = "--port", paramLabel = "P", defaultValue = "0",
                description = "Step Functions port on 127.0.0.1 (default: a free one).")
        int port;

        @Option(names = "--dynamodb-port", paramLabel = "P", defaultValue = "0",
                description = "DynamoDB Local's port (default: a free one).")
        int dynamoPort;

        @Option(names = "--region", paramLabel = "REGION", defaultValue = DynamoDbClients.LOCAL_REGION,
                description = "Region in the ARNs (default: ${DEFAULT-VALUE}); the account is " + EmbeddedTarget.ACCOUNT + ".")
        String region;

        @Option(names = "--drain-seconds", paramLabel = "S", defaultValue = "300",
                description = "On Ctrl-C, how long running executions may take to finish (default: ${DEFAULT-VALUE}).")
        int drainSeconds;

        @Option(names = "--no-schedules",
                description = "Do not run the template's schedules (EventBridge Scheduler).")
        boolean noSchedules;

        @Option(names = "--no-file-events",
                description = "Do not deliver S3 Object Created events to the template's rules (EventBridge).")
        boolean noFileEvents;

        @Option(names = "--now", paramLabel = "TIME",
                description = {"The triggers' clock reads TIME (e.g. 2026-11-21T06:29:50+09:00) when they start "
                            + "and runs at real speed from there: schedules fire and file events are stamped "
                            + "on it (default: the system clock). The engines keep the system clock."})
        String now;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (port < 0 || port > 65_535 || dynamoPort < 0 || dynamoPort > 65_535 || drainSeconds < 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--port and --dynamodb-port must be 0..65535, --drain-seconds >= 0");
            }
            Path dir = home.resolve();
            PrintWriter err = spec.commandLine().getErr();
            LocalTriggers.Settings triggers = new LocalTriggers.Settings(!noSchedules, !noFileEvents, clock(),
                    LocalTriggers.LAMBDA_FIRST_RETRY_DELAY);
            if (triggers.any() && !region.equals(LocalLedger.REGION)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--region " + region
                        + ": the template's triggers start the stack deployed in " + LocalLedger.REGION
                        + "; serve that region, or add --no-schedules --no-file-events");
            }
            LocalServer server = LocalServer.start(dir, port, dynamoPort, region, Duration.ofSeconds(drainSeconds), triggers, err,
                    home.waiting());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                err.println("stopping: no new calls; waiting for running executions (at most " + drainSeconds + " s)");
                err.flush();
                server.close();
                stopped.countDown();
            }, "ledgerflow-serve-stop"));
            print(spec.commandLine().getOut(), dir, server);
            stopped.await(); // until Ctrl-C (SIGINT/SIGTERM run the shutdown hook)
            return ExitCode.DONE;
        }

        /** The system clock, or one that reads {@code --now} when the triggers start and runs on from there. */
        private Clock clock() {
            if (now == null) {
                return Clock.systemUTC();
            }
            Instant start;
            try {
                start = OffsetDateTime.parse(now).toInstant();
            } catch (DateTimeParseException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--now: '" + now + "' is not an ISO-8601 time with an offset, e.g. 2026-11-21T06:29:50+09:00");
            }
            return LocalTriggers.startingAt(start);
        }

        static void print(PrintWriter out, Path home, LocalServer server) {
            String sfn = server.stepFunctionsEndpoint().toString();
            String ddb = server.dynamoDbEndpoint();
            String s3 = server.s3Endpoint();
            String region = server.target().region();
            out.println("ledgerflow local serve, state in " + home);
            out.println("  Step Functions: " + sfn + "  (AWS JSON 1.0; signatures not checked)");
            for (String name : server.target().definitions().keySet()) {
                out.println("    state machine " + name + ": " + server.target().stateMachineArn(name));
            }
            out.println("  DynamoDB:       " + ddb + "  (table " + JournalTable.DEFAULT_NAME + ")");
            out.println("  S3:             " + s3 + "  (path-style; signed with " + LocalS3.ACCESS_KEY + "/" + LocalS3.SECRET_KEY
                    + "; s3://BUCKET/KEY is the file " + home.resolve("s3") + "/BUCKET/KEY)");
            out.println("    rules for --target aws: s3://" + LocalLedger.CONFIG_BUCKET + "/" + LocalServer.RULES_KEY
                    + "; day files: s3://" + LocalLedger.INPUT_BUCKET + "/daily/DATE/FILE.csv");
            for (String trigger : server.triggers()) {
                out.println("  " + trigger);
            }
            out.println("  region " + region + ", account " + EmbeddedTarget.ACCOUNT + ", credentials: "
                    + DynamoDbClients.LOCAL_ACCESS_KEY + "/" + DynamoDbClients.LOCAL_SECRET_KEY + " (dummies)");
            out.println("for ledgerflow --target aws and the AWS CLI (the CLI must not add its default CRC32"
                    + " checksum, which S3Proxy refuses):");
            out.println("  export LEDGERFLOW_TARGET=aws AWS_ENDPOINT_URL_SFN=" + sfn + " AWS_ENDPOINT_URL_STS=" + sfn
                    + " AWS_ENDPOINT_URL_DYNAMODB=" + ddb
                    + " AWS_ENDPOINT_URL_S3=" + s3 + " AWS_REQUEST_CHECKSUM_CALCULATION=when_required"
                    + " AWS_REGION=" + region + " AWS_DEFAULT_REGION=" + region + " AWS_ACCESS_KEY_ID="
                    + DynamoDbClients.LOCAL_ACCESS_KEY + " AWS_SECRET_ACCESS_KEY=" + DynamoDbClients.LOCAL_SECRET_KEY
                    + " " + TargetOptions.DAILY_ARN_ENV + "="
                    + server.target().stateMachineArn(io.ledgerflow.cli.targets.StateMachines.DAILY_JOURNAL));
            out.println("  aws stepfunctions list-state-machines --endpoint-url " + sfn);
            out.println("  aws s3 cp day.csv s3://" + LocalLedger.INPUT_BUCKET + "/daily/DATE/day.csv --endpoint-url " + s3);
            out.println("ready: serving until Ctrl-C");
            out.flush();
        }
    }
}
