package io.ledgerflow.workflows.conformance.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Java stand-ins for the Python Lambda functions of the recorded tests that are trivially
 * modelled: they return the same JSON for the same event. Functions that raise Python
 * exceptions are not modelled (their error name and cause are the Python runtime's).
 */
final class RecordedFunctions {

    private RecordedFunctions() {}

    /** {@code services/lambdafunctions/id_function.py}: {@code return event}. */
    public static final class Id implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            in.transferTo(out);
        }
    }

    /** {@code errorhandling/lambdafunctions/large_output_string.py}: 257 KiB of "a", over the 256 KiB quota. */
    public static final class LargeOutput implements RequestStreamHandler {
        static final int CHARS = 257 * 1024;

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            out.write(('"' + "a".repeat(CHARS) + '"').getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final Map<String, Class<?>> KINDS = Map.of("id", Id.class, "large-output", LargeOutput.class);

    /** Registers {@code name} as the function of {@code kind} ("id", "large-output"). */
    static void register(LambdaFunctions.Builder functions, String name, String kind) {
        Class<?> handler = KINDS.get(kind);
        if (handler == null) {
            throw new IllegalArgumentException("no stand-in for Lambda function kind '" + kind + "'");
        }
        functions.register(name, handler);
    }
}
