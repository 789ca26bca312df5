package io.ledgerflow.cli.local;

import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.objectstore.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ledgerflow local serve} as an object: the embedded default (DynamoDB Local, the folder
 * object store, the embedded runtime) behind local endpoints that speak AWS's protocols. Step
 * Functions on {@link #stepFunctionsEndpoint()}, DynamoDB on {@link #dynamoDbEndpoint()}, S3 on
 * {@link #s3Endpoint()} (bucket {@code b}, key {@code k} is the file {@code home/s3/b/k}); and,
 * when asked, the template's triggers ({@link LocalTriggers}): its schedules, and its rules on
 * the objects created over that S3 endpoint.
 */
public final class LocalServer implements AutoCloseable {

    /** Where {@code --target aws} looks for the rules by default; seeded with the standard rules. */
    public static final String RULES_KEY = LocalLedger.RULES_KEY;
    private static final String STANDARD_RULES_RESOURCE = "ledgerflow/rules.yaml";

    private final LocalLedger ledger;
    private final EmbeddedTarget target;
    private final StepFunctionsServer server;
    private final Duration drain;
    private LocalTriggers triggers;

    private LocalServer(LocalLedger ledger, EmbeddedTarget target, StepFunctionsServer server, Duration drain) {
        this.ledger = ledger;
        this.target = target;
        this.server = server;
        this.drain = drain;
    }

    /**
     * As below, with the template's triggers off: Step Functions, DynamoDB and S3 answer calls,
     * and nothing starts by itself.
     */
    public static LocalServer start(Path home, int port, int dynamoPort, String region, Duration drain, PrintWriter log)
            throws IOException {
        return start(home, port, dynamoPort, region, drain, LocalTriggers.Settings.OFF, log);
    }

    /**
     * Starts DynamoDB Local on {@code dynamoPort} and Step Functions on {@code port} (0: free ports),
     * S3 beside them, then the triggers {@code triggers} turns on.
     *
     * @param drain    how long {@link #close()} lets running executions finish
     * @param triggers the template's schedules and file-arrival rules, on or off, and their clock
     * @param log      one line per execution that ends, per trigger that fires, and internal errors
     * @throws IllegalArgumentException when triggers are on and {@code region} is not the local
     *                                  stack's, whose functions name its state machines' ARNs
     */
    public static LocalServer start(Path home, int port, int dynamoPort, String region, Duration drain,
                                    LocalTriggers.Settings triggers, PrintWriter log) throws IOException {
        return start(home, port, dynamoPort, region, drain, triggers, log, HomeLock.Waiting.refuse());
    }

    /**
     * As above; the server holds the home ({@link HomeLock}) until it is closed, taken as
     * {@code waiting} says. Clients with {@code --target aws} go through it and take nothing.
     *
     * @throws HomeInUseException when another process holds the home
     */
    public static LocalServer start(Path home, int port, int dynamoPort, String region, Duration drain,
                                    LocalTriggers.Settings triggers, PrintWriter log, HomeLock.Waiting waiting)
            throws IOException {
        if (triggers.any() && !region.equals(LocalLedger.REGION)) {
            throw new IllegalArgumentException("the template's triggers start the stack deployed in " + LocalLedger.REGION
                    + ", whose functions name its state machines there: serve in region " + LocalLedger.REGION
                    + ", or turn the triggers off");
        }
        LocalLedger ledger = LocalLedger.open(home, dynamoPort, waiting);
        LocalServer started = null;
        try {
            seedStandardRules(ledger);
            EmbeddedTarget target = EmbeddedTarget.asynchronous(ledger.runtime(ProgressListener.NONE), region, log);
            StepFunctionsServer server = StepFunctionsServer.start(target.service(), port, log);
            started = new LocalServer(ledger, target, server, drain);
            if (triggers.any()) {
                ledger.useStepFunctionsEndpoint(server.endpoint());
                started.triggers = LocalTriggers.start(LocalLedger.stack(), ledger.functions(ProgressListener.NONE),
                        ledger.s3(), triggers, log);
            }
            return started;
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.close();
            } else {
                ledger.close();
            }
            throw e;
        }
    }

    public URI stepFunctionsEndpoint() {
        return server.endpoint();
    }

    public String dynamoDbEndpoint() {
        return ledger.dynamoEndpoint();
    }

    public String s3Endpoint() {
        return ledger.s3Endpoint();
    }

    /** One line per schedule and rule of the template and what it does here; empty when the triggers are off. */
    public List<String> triggers() {
        return triggers == null ? List.of() : triggers.describe();
    }

    public EmbeddedTarget target() {
        return target;
    }

    public LocalLedger ledger() {
        return ledger;
    }

    /**
     * Stops the triggers, stops accepting calls, lets running executions finish (up to the drain
     * time), then stops DynamoDB Local and S3.
     */
    @Override
    public void close() {
        try {
            if (triggers != null) {
                triggers.close();
            }
            server.close();
            target.close(drain);
        } finally {
            ledger.close();
        }
    }

    /** The standard rules at s3://ledgerflow-config/rules.yaml unless something is there already. */
    private static void seedStandardRules(LocalLedger ledger) {
        try (InputStream present = ledger.objects().open(LocalLedger.CONFIG_BUCKET, RULES_KEY)) {
            return; // the operator's rules stay
        } catch (ObjectNotFoundException absent) {
            // seed below
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = LocalServer.class.getClassLoader().getResourceAsStream(STANDARD_RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + STANDARD_RULES_RESOURCE + " in the ledgerflow jar");
            }
            ledger.objects().put(LocalLedger.CONFIG_BUCKET, RULES_KEY, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
