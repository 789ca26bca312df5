package io.ledgerflow.workflows.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Lambda handlers for tests: each does one thing a real handler might. */
public final class TestHandlers {

    private TestHandlers() {}

    /** Returns its event unchanged. */
    public static final class Echo implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return event;
        }
    }

    /** AWS's HelloWorld example: returns "Hello, {who}!". */
    public static final class HelloWorld implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            return "Hello, " + event.get("who") + "!";
        }
    }

    /** A typed POJO handler, as the Lambda runtime deserializes it. */
    public static final class Greeter implements RequestHandler<Greeter.Request, Greeter.Response> {
        /** A bean, not a record: Lambda's Java serializer (aws-lambda-java-serialization) cannot construct records. */
        public static final class Request {
            public String name;
            public int times;
        }

        public static final class Response {
            public final String greeting;
            /** The function, from the ARN the runtime was invoked with. */
            public final String function;

            Response(String greeting, String function) {
                this.greeting = greeting;
                this.function = function;
            }
        }

        @Override
        public Response handleRequest(Request r, Context context) {
            String arn = context.getInvokedFunctionArn();
            return new Response(("hi " + r.name + " ").repeat(r.times).trim(), arn.substring(arn.lastIndexOf(':') + 1));
        }
    }

    /** Takes a record: Lambda's Java runtime cannot deserialize it, so neither can the embedded runtime. */
    public static final class RecordInput implements RequestHandler<RecordInput.Request, String> {
        public record Request(String name) {}

        @Override
        public String handleRequest(Request r, Context context) {
            return r.name();
        }
    }

    /** The handler shape that failed every function on AWS: its only handleRequest is final in a package-private class. */
    public static final class HiddenHandleRequest extends PackagePrivateStreamHandler {
    }

    abstract static class PackagePrivateStreamHandler implements RequestStreamHandler {
        @Override
        public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            out.write("\"reached\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** A stream handler: upper-cases the JSON text it is sent. */
    public static final class UpperStream implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            out.write(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).toUpperCase()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Thrown by {@link Flaky}; a custom exception, named in Retry by its class name. */
    public static final class TransientException extends RuntimeException {
        public TransientException(String message) {
            super(message);
        }
    }

    /** Fails its first {@code failures} calls with {@link TransientException}, then echoes. */
    public static final class Flaky implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        public final AtomicInteger calls = new AtomicInteger();
        private final int failures;

        public Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            if (calls.incrementAndGet() <= failures) {
                throw new TransientException("attempt " + calls.get() + " failed");
            }
            return event;
        }
    }

    /** Always throws IllegalStateException. */
    public static final class Broken implements RequestHandler<Map<String, Object>, Object> {
        @Override
        public Object handleRequest(Map<String, Object> event, Context context) {
            throw new IllegalStateException("ledger is locked");
        }
    }

    /** Sleeps for the event's {@code millis} (for TimeoutSeconds). */
    public static final class Slow implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            try {
                Thread.sleep(((Number) event.get("millis")).longValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }
    }

    /** Returns a string of {@code bytes} characters (for the payload quota). */
    public static final class Big implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            return "x".repeat(((Number) event.get("bytes")).intValue());
        }
    }

    /**
     * A Distributed Map worker over batches: sums {@code amount} of its Items, and fails on an
     * item whose {@code id} is in {@code poison} until the fault is "fixed". Counts calls and items.
     */
    public static final class BatchWorker implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        public final AtomicInteger calls = new AtomicInteger();
        public final AtomicInteger items = new AtomicInteger();
        public volatile List<String> poison = List.of();

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            calls.incrementAndGet();
            List<Map<String, Object>> batch = (List<Map<String, Object>>) event.get("Items");
            long sum = 0;
            for (Map<String, Object> item : batch) {
                items.incrementAndGet();
                if (poison.contains(String.valueOf(item.get("id")))) {
                    throw new IllegalArgumentException("bad item " + item.get("id"));
                }
                sum += Long.parseLong(String.valueOf(item.get("amount")));
            }
            Map<String, Object> out = new HashMap<>();
            out.put("count", batch.size());
            out.put("sum", sum);
            return out;
        }
    }
}
