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

/**
 * {@code ledgerflow local serve} as an object: the embedded default (DynamoDB Local, the folder
 * object store, the embedded runtime) behind local endpoints that speak AWS's protocols. Step
 * Functions on {@link #stepFunctionsEndpoint()}, DynamoDB on {@link #dynamoDbEndpoint()}; S3 is
 * not served: bucket {@code b}, key {@code k} is the file {@code home/s3/b/k}.
 */
public final class LocalServer implements AutoCloseable {

    /** Where {@code --target aws} looks for the rules by default; seeded with the standard rules. */
    public static final String RULES_KEY = "rules.yaml";
    private static final String STANDARD_RULES_RESOURCE = "ledgerflow/rules.yaml";

    private final LocalLedger ledger;
    private final EmbeddedTarget target;
    private final StepFunctionsServer server;
    private final Duration drain;

    private LocalServer(LocalLedger ledger, EmbeddedTarget target, StepFunctionsServer server, Duration drain) {
        this.ledger = ledger;
        this.target = target;
        this.server = server;
        this.drain = drain;
    }

    /**
     * Starts DynamoDB Local on {@code dynamoPort} and Step Functions on {@code port} (0: free ports).
     *
     * @param drain how long {@link #close()} lets running executions finish
     * @param log   one line per execution that ends, and internal errors
     */
    public static LocalServer start(Path home, int port, int dynamoPort, String region, Duration drain, PrintWriter log)
            throws IOException {
        LocalLedger ledger = LocalLedger.open(home, dynamoPort);
        try {
            seedStandardRules(ledger);
            EmbeddedTarget target = EmbeddedTarget.asynchronous(ledger.runtime(ProgressListener.NONE), region, log);
            StepFunctionsServer server = StepFunctionsServer.start(target.service(), port, log);
            return new LocalServer(ledger, target, server, drain);
        } catch (IOException | RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    public URI stepFunctionsEndpoint() {
        return server.endpoint();
    }

    public String dynamoDbEndpoint() {
        return ledger.dynamoEndpoint();
    }

    public EmbeddedTarget target() {
        return target;
    }

    public LocalLedger ledger() {
        return ledger;
    }

    /** Stops accepting calls, lets running executions finish (up to the drain time), then stops DynamoDB Local. */
    @Override
    public void close() {
        try {
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
