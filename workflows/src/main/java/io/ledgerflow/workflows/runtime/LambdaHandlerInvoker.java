package io.ledgerflow.workflows.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Invokes one Lambda function's Java handler in-process, as the Lambda Java runtime would: the
 * event is JSON, deserialized to the handler's input type with Jackson; the result is
 * serialized back; a thrown exception becomes the error Lambda reports (its class name as the
 * error, {@code errorMessage}/{@code errorType}/{@code stackTrace} JSON as the cause).
 */
final class LambdaHandlerInvoker implements LocalFunction {

    /** Like a function's reserved concurrency: at most this many invocations (and instances) at once. */
    static final int INSTANCES_MAX = 1_000;
    private static final int STACK_FRAMES_MAX = 20;
    private static final long INVOCATION_MILLIS_MAX = 900_000; // Lambda's 15-minute limit, for getRemainingTimeInMillis
    // Close to the Lambda Java runtime's serializer: unknown properties are ignored, nulls are omitted.
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final String functionName;
    private final Supplier<?> factory;
    private final JavaType inputType; // null for a RequestStreamHandler
    private final ObjectReader reader;
    // Warm instances: one invocation per instance at a time, as Lambda runs them; reused like warm starts.
    private final ConcurrentLinkedQueue<Object> idle = new ConcurrentLinkedQueue<>();
    private final Semaphore instances = new Semaphore(INSTANCES_MAX);

    LambdaHandlerInvoker(String functionName, Class<?> handlerClass, Supplier<?> factory) {
        if (!RequestHandler.class.isAssignableFrom(handlerClass) && !RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
            throw new IllegalArgumentException(handlerClass.getName() + " implements neither RequestHandler nor RequestStreamHandler");
        }
        this.functionName = functionName;
        this.factory = factory;
        this.inputType = RequestHandler.class.isAssignableFrom(handlerClass) ? inputType(handlerClass) : null;
        this.reader = inputType == null ? null : MAPPER.readerFor(inputType);
    }

    private static JavaType inputType(Class<?> handlerClass) {
        JavaType[] params = MAPPER.getTypeFactory().constructType(handlerClass).findTypeParameters(RequestHandler.class);
        return params.length == 2 ? params[0] : MAPPER.constructType(Object.class);
    }

    @Override
    public JsonNode invoke(JsonNode event) {
        instances.acquireUninterruptibly();
        Object handler = null;
        try {
            handler = borrow();
            var context = new LocalLambdaContext(UUID.randomUUID().toString(), functionName,
                    System.currentTimeMillis() + INVOCATION_MILLIS_MAX);
            return handler instanceof RequestStreamHandler stream ? stream(stream, event, context) : pojo(handler, event, context);
        } catch (StatesError e) {
            throw e;
        } catch (Exception | LinkageError | AssertionError | StackOverflowError | OutOfMemoryError e) {
            // An OutOfMemoryError is the function's failure, as Lambda's Java runtime reports it: the
            // workflow's catch records the run as failed instead of the execution dying with it.
            throw failure(e);
        } finally {
            if (handler != null) {
                idle.add(handler);
            }
            instances.release();
        }
    }

    private Object borrow() {
        Object h = idle.poll();
        return h != null ? h : factory.get();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private JsonNode pojo(Object handler, JsonNode event, LocalLambdaContext context) {
        Object input;
        try {
            input = reader.readValue(event); // straight from the tree: no intermediate token buffer
        } catch (IOException | IllegalArgumentException e) {
            // What the Java runtime reports when the event does not fit the handler's input type.
            throw new StatesError(RuntimeException.class.getName(), cause("An error occurred during JSON parsing: "
                    + e.getMessage(), RuntimeException.class.getName(), new StackTraceElement[0]));
        }
        Object output = ((RequestHandler) handler).handleRequest(input, context);
        return output == null ? JsonNodeFactory.instance.nullNode() : MAPPER.valueToTree(output);
    }

    private static JsonNode stream(RequestStreamHandler handler, JsonNode event, LocalLambdaContext context) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(MAPPER.writeValueAsBytes(event)), out, context);
        byte[] bytes = out.toByteArray();
        return bytes.length == 0 ? JsonNodeFactory.instance.nullNode() : MAPPER.readTree(bytes);
    }

    /** The Lambda Java runtime names the error by the exception's fully qualified class name. */
    static StatesError failure(Throwable e) {
        String type = e.getClass().getName();
        String message = e.getMessage() == null ? type : e.getMessage();
        return new StatesError(type, cause(message, type, e.getStackTrace()));
    }

    private static String cause(String message, String type, StackTraceElement[] frames) {
        ObjectNode cause = JsonNodeFactory.instance.objectNode();
        cause.put("errorMessage", message);
        cause.put("errorType", type);
        var trace = cause.putArray("stackTrace");
        for (int i = 0; i < Math.min(frames.length, STACK_FRAMES_MAX); i++) {
            trace.add(frames[i].toString());
        }
        return cause.toString();
    }
}
