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

    /** {@code lambda_functions/base/echo_function.py}: {@code return {"Return": "HelloWorld"}}. */
    public static final class Echo implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            out.write("{\"Return\": \"HelloWorld\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code services/lambdafunctions/return_bytes_str.py}: {@code return b'"HelloWorld!"'}, the response body as it is. */
    public static final class BytesStr implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            out.write("\"HelloWorld!\"".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code timeouts/lambdafunctions/wait_60_seconds.py}: sleeps 60 s, then returns its event; tasks time out first. */
    public static final class Wait60Seconds implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: the task timed out", e);
            }
            in.transferTo(out);
        }
    }

    private static final Map<String, Class<?>> KINDS = Map.of("id", Id.class, "echo", Echo.class, "bytes-str", BytesStr.class,
            "wait-60-seconds", Wait60Seconds.class, "large-output", LargeOutput.class);

    /** Registers {@code name} as the function of {@code kind} (a key of {@link #KINDS}). */
    static void register(LambdaFunctions.Builder functions, String name, String kind) {
        Class<?> handler = KINDS.get(kind);
        if (handler == null) {
            throw new IllegalArgumentException("no stand-in for Lambda function kind '" + kind + "'");
        }
        functions.deploy(name, handler.getName());
    }
}
