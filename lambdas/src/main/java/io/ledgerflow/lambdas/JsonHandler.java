package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Class<I> inputType;

    JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        I event = JSON.readValue(input, inputType);
        O result = handle(event, context);
        JSON.writeValue(output, result);
    }

    abstract O handle(I event, Context context);
}
