package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * A Lambda handler that reads its event as {@code I} and writes its result as {@code O} with our
 * own Jackson settings (records, ISO dates, unknown fields refused), so that the event shape is
 * the same on AWS and on the embedded runtime.
 *
 * <p>Public, as is {@link #handleRequest}: the template names {@code Class::handleRequest}, and
 * Lambda's Java runtime finds that method by reflection among the class's public methods and calls
 * it through its declaring class. Declared here, in a package-private class, the call failed with
 * {@code IllegalAccessException} on every invocation on AWS (javac adds no public bridge for a
 * {@code final} method). {@code RuntimeInterfaceClientTests} load every function of the template
 * through Lambda's own runtime client to keep it so.
 *
 * <p>Each invocation runs inside {@link Telemetry}: its log lines carry Lambda's fields and the
 * event's business keys, and it leaves one EMF document with its duration and the counts the
 * handler adds ({@link Telemetry#count}).
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // The event is read as a tree first (for its log keys): amounts keep their scale.
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final Class<I> inputType;

    JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode tree = JSON.readTree(input);
        Map<String, String> keys = Telemetry.keysOf(tree);
        O result = Telemetry.invoke(step(), context, keys, () -> handle(JSON.treeToValue(tree, inputType), context));
        JSON.writeValue(output, result);
    }

    abstract O handle(I event, Context context);

    /** The Task this handler serves, for logs and the metrics' {@value Telemetry#STEP} dimension. */
    final String step() {
        return getClass().getSimpleName().replaceFirst("Handler$", "");
    }
}
