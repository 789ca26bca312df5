package io.ledgerflow.core.adapters.dynamodb.testing;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbClients;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import java.net.URI;
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
 * <p>Where a Docker engine exists the same tests can run against DynamoDB Local in a container:
 * start one (for example Testcontainers' {@code GenericContainer("amazon/dynamodb-local")} with
 * {@code -sharedDb -inMemory}, or {@code docker run -p 8000:8000 amazon/dynamodb-local}) and set
 * {@value #ENDPOINT_PROPERTY} (system property) or {@value #ENDPOINT_ENV} (environment) to its
 * endpoint; this extension then connects there instead of starting its own. The build never
 * depends on Testcontainers or Docker.
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

    /** What one test class holds: the engine (null when external) and the client. */
    private record Resources(EmbeddedDynamoDb engine, DynamoDbClient client, LocalDynamoDb local) {
        void close() {
            client.close();
            if (engine != null) {
                engine.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String external = System.getProperty(ENDPOINT_PROPERTY, System.getenv(ENDPOINT_ENV));
        Resources resources;
        if (external != null && !external.isBlank()) {
            DynamoDbClient client = DynamoDbClients.local(URI.create(external), CONNECTIONS_MAX);
            resources = new Resources(null, client, new LocalDynamoDb(URI.create(external), client));
        } else {
            EmbeddedDynamoDb engine = EmbeddedDynamoDb.startInMemory();
            DynamoDbClient client = engine.newClient(CONNECTIONS_MAX);
            resources = new Resources(engine, client, new LocalDynamoDb(engine.endpoint(), client));
        }
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
