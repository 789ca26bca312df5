package io.ledgerflow.core.adapters.dynamodb.testing;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbClients;
import io.ledgerflow.core.adapters.dynamodb.local.DynamoDbLimits;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import io.ledgerflow.core.adapters.dynamodb.local.ThrottlingProxy;
import java.net.URI;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Gives each test class a real DynamoDB Local: started in this JVM, in memory, before the class's
 * first test and stopped after its last. Tests take a {@link LocalDynamoDb} parameter and call
 * {@link LocalDynamoDb#freshTable()} for isolation. No Docker, no network.
 *
 * <p>Under DynamoDB's limits: register it as
 * {@code @RegisterExtension static DynamoDbLocalExtension dynamo = DynamoDbLocalExtension.withLimits(DynamoDbLimits.AWS);}
 * and the tests' client goes through a {@link ThrottlingProxy}, answered as DynamoDB answers under
 * load ({@code ProvisionedThroughputExceededException}, {@code UnprocessedItems}, the 400 KB item
 * limit). {@link #withLimits(DynamoDbLimits, LongSupplier)} takes the clock the capacity refills by,
 * so that a test can hold time still and throttle exactly.
 *
 * <p>Where a Docker engine exists the same tests can run against DynamoDB Local in a container:
 * start one (for example Testcontainers' {@code GenericContainer("amazon/dynamodb-local")} with
 * {@code -sharedDb -inMemory}, or {@code docker run -p 8000:8000 amazon/dynamodb-local}) and set
 * {@value #ENDPOINT_PROPERTY} (system property) or {@value #ENDPOINT_ENV} (environment) to its
 * endpoint; this extension then connects there instead of starting its own (behind the limits
 * proxy, when it has limits). The build never depends on Testcontainers or Docker.
 *
 * <p>Other modules use it through batch-core's test-jar (type {@code test-jar}, scope test) plus
 * the {@code DynamoDBLocal} dependency and the sqlite4java natives (see batch-core's pom).
 */
public final class DynamoDbLocalExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    public static final String ENDPOINT_PROPERTY = "ledgerflow.test.dynamodb.endpoint";
    public static final String ENDPOINT_ENV = "LEDGERFLOW_TEST_DYNAMODB_ENDPOINT";
    /** Enough connections for the store's default write concurrency plus readers. */
    private static final int CONNECTIONS_MAX = 32;
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DynamoDbLocalExtension.class);

    private final DynamoDbLimits limits;
    private final LongSupplier nanoTime;

    /** No limits: what {@code @ExtendWith(DynamoDbLocalExtension.class)} gives. */
    public DynamoDbLocalExtension() {
        this(null, System::nanoTime);
    }

    private DynamoDbLocalExtension(DynamoDbLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /** The engine behind {@code limits}, refilling capacity in real time. */
    public static DynamoDbLocalExtension withLimits(DynamoDbLimits limits) {
        return withLimits(limits, System::nanoTime);
    }

    /** The engine behind {@code limits}, refilling capacity by {@code nanoTime}. */
    public static DynamoDbLocalExtension withLimits(DynamoDbLimits limits, LongSupplier nanoTime) {
        return new DynamoDbLocalExtension(limits, nanoTime);
    }

    /** What one test class holds: the engine (null when external), the proxy (null without limits), the clients. */
    private record Resources(EmbeddedDynamoDb engine, ThrottlingProxy proxy, DynamoDbClient client,
            DynamoDbClient engineClient, LocalDynamoDb local) {
        void close() {
            client.close();
            engineClient.close();
            if (proxy != null) {
                proxy.close();
            }
            if (engine != null) {
                engine.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String external = System.getProperty(ENDPOINT_PROPERTY, System.getenv(ENDPOINT_ENV));
        EmbeddedDynamoDb engine = null;
        URI engineEndpoint;
        if (external != null && !external.isBlank()) {
            engineEndpoint = URI.create(external);
        } else {
            engine = EmbeddedDynamoDb.startInMemory();
            engineEndpoint = engine.endpoint();
        }
        ThrottlingProxy proxy = limits == null ? null : ThrottlingProxy.start(engineEndpoint, limits, nanoTime, 0);
        URI endpoint = proxy == null ? engineEndpoint : proxy.endpoint();
        DynamoDbClient client = DynamoDbClients.local(endpoint, CONNECTIONS_MAX);
        DynamoDbClient engineClient = DynamoDbClients.local(engineEndpoint, CONNECTIONS_MAX);
        Resources resources = new Resources(engine, proxy, client, engineClient,
                new LocalDynamoDb(endpoint, client, engineClient, proxy));
        context.getStore(NAMESPACE).put(context.getRequiredTestClass(), resources);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Resources resources = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), Resources.class);
        if (resources != null) {
            resources.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalDynamoDb.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Resources resources = context.getStore(NAMESPACE).get(context.getRequiredTestClass(), Resources.class);
        return resources.local();
    }
}
