package io.ledgerflow.workflows.runtime;

import com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader;
import com.amazonaws.services.lambda.runtime.api.client.HandlerInfo;
import com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.UserFault;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.converters.LambdaErrorConverter;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.ErrorRequest;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.InvocationRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import io.ledgerflow.workflows.template.FunctionSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A function of the template, loaded and invoked by AWS's own Lambda Java runtime interface client:
 * {@link HandlerInfo#fromString} with the handler string exactly as the template gives it,
 * {@link EventHandlerLoader#loadEventHandler} (which finds the method, builds the instance with its
 * no-argument constructor and brings the runtime's serialization), and
 * {@link LambdaRequestHandler#call} with an {@link InvocationRequest} as the Runtime API delivers
 * it. A handler Lambda could not load or call fails here the same way, and an error is reported
 * as the runtime reports it ({@link LambdaErrorConverter}): the Task's error is its
 * {@code errorType}, the cause the JSON {@code {"errorMessage","errorType","stackTrace"}}.
 *
 * <p>Each instance runs one invocation at a time, as a Lambda execution environment does; idle
 * instances are reused like warm ones. Every construction and invocation sees the function's own
 * variables ({@link FunctionEnvironment}). The template's {@code Timeout} ends an invocation with
 * {@code Sandbox.Timedout}; the invocation's thread is interrupted but, unlike a sandbox, cannot
 * be destroyed, so work it already started may still finish (as a Lambda's in-flight requests do).
 */
final class RuntimeInterfaceFunction implements LocalFunction {

    /** Like a function's reserved concurrency: at most this many invocations (and instances) at once. */
    static final int INSTANCES_MAX = 1_000;
    /** Lambda's own limit on a synchronous invocation's response. */
    static final int RESPONSE_BYTES_MAX = 6 * 1024 * 1024;
    static final String TIMED_OUT = "Sandbox.Timedout";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionSpec spec;
    private final Map<String, String> environment;
    private final ClassLoader loader;
    /** The layers' extensions: on Lambda they initialize in the Init phase, before the first handler is built. */
    private final Runnable extensionsInit;
    private boolean extensionsReady;
    private final ConcurrentLinkedQueue<LambdaRequestHandler> idle = new ConcurrentLinkedQueue<>();
    private final Semaphore instances = new Semaphore(INSTANCES_MAX);
    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("lambda-", 1).daemon(true).factory());

    /**
     * @param network variables the host adds for the local network (endpoints, credentials), as
     *                Lambda adds the execution role's keys; the template's variables win over none of them
     */
    RuntimeInterfaceFunction(FunctionSpec spec, Map<String, String> network, ClassLoader loader, Runnable extensionsInit) {
        this.spec = spec;
        this.environment = environment(spec, network);
        this.loader = loader;
        this.extensionsInit = extensionsInit;
    }

    /** What a Lambda function of this spec finds in its environment: Lambda's reserved variables, then the template's. */
    static Map<String, String> environment(FunctionSpec spec, Map<String, String> network) {
        Map<String, String> env = new LinkedHashMap<>(network);
        String region = spec.arn().split(":")[3];
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("_HANDLER", spec.handler());
        env.putAll(spec.environment());
        return Map.copyOf(env);
    }

    Map<String, String> environment() {
        return environment;
    }

    FunctionSpec spec() {
        return spec;
    }

    @Override
    public JsonNode invoke(JsonNode event) {
        instances.acquireUninterruptibly();
        LambdaRequestHandler handler = null;
        try {
            handler = borrow();
            return call(handler, event);
        } finally {
            if (handler != null) {
                idle.add(handler);
            }
            instances.release();
        }
    }

    private LambdaRequestHandler borrow() {
        LambdaRequestHandler h = idle.poll();
        if (h != null) {
            return h;
        }
        initExtensions();
        return load();
    }

    private synchronized void initExtensions() {
        if (!extensionsReady) {
            try {
                extensionsInit.run();
            } catch (RuntimeException e) {
                throw new StatesError("Lambda.Unknown", errorCause("Extension.InitError: " + e.getMessage(),
                        "Extension.InitError", null));
            }
            extensionsReady = true;
        }
    }

    /** As the runtime's findRequestHandler: a class it cannot find or initialize fails each invocation. */
    private LambdaRequestHandler load() {
        try {
            return FunctionEnvironment.call(environment, () -> {
                HandlerInfo info;
                try {
                    info = HandlerInfo.fromString(spec.handler(), loader);
                } catch (HandlerInfo.InvalidHandlerException e) {
                    throw UserFault.makeUserFault("Invalid handler: `" + spec.handler() + "'");
                } catch (ClassNotFoundException e) {
                    throw UserFault.makeUserFault(e); // Lambda: Runtime.ImportModuleError-like, errorType = the exception
                } catch (NoClassDefFoundError | ExceptionInInitializerError e) {
                    throw UserFault.makeUserFault(e, true);
                }
                LambdaRequestHandler handler = EventHandlerLoader.loadEventHandler(info);
                if (handler instanceof LambdaRequestHandler.UserFaultHandler fault && Boolean.TRUE.equals(fault.fault.fatal)) {
                    throw fault.fault; // the constructor threw: an init error
                }
                return handler;
            });
        } catch (Exception e) {
            throw failure(e);
        }
    }

    private JsonNode call(LambdaRequestHandler handler, JsonNode event) {
        InvocationRequest request = new InvocationRequest();
        String requestId = UUID.randomUUID().toString();
        request.setId(requestId);
        long timeoutMillis = spec.timeoutSeconds() * 1000L;
        request.setDeadlineTimeInMs(System.currentTimeMillis() + timeoutMillis);
        request.setInvokedFunctionArn(spec.arn());
        try {
            request.setContent(JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new StatesError(ErrorNames.RUNTIME, "cannot serialize the event of " + spec.name() + ": " + e.getMessage());
        }
        Future<byte[]> running = threads.submit(() -> FunctionEnvironment.call(environment, () -> {
            ByteArrayOutputStream out = handler.call(request); // a buffer the handler reuses: copy it
            return out.toByteArray();
        }));
        byte[] response;
        try {
            response = running.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw timedOut(requestId);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new StatesError(ErrorNames.RUNTIME, "execution interrupted while " + spec.name() + " ran");
        }
        if (response.length > RESPONSE_BYTES_MAX) {
            throw new StatesError("Lambda.ResponseSizeTooLarge", errorCause("Response payload size (" + response.length
                    + " bytes) exceeded maximum allowed payload size (" + RESPONSE_BYTES_MAX + " bytes).",
                    "Function.ResponseSizeTooLarge", null));
        }
        try {
            return response.length == 0 ? JsonNodeFactory.instance.nullNode() : JSON.readTree(response);
        } catch (IOException e) {
            // Lambda returns whatever bytes the function wrote; the Lambda integration needs JSON.
            throw new StatesError(ErrorNames.RUNTIME, "the response of " + spec.name() + " is not JSON: " + e.getMessage());
        }
    }

    /** As Lambda reports a function that ran past its timeout, and Step Functions names it. */
    private StatesError timedOut(String requestId) {
        String message = Instant.now() + " " + requestId + " Task timed out after "
                + String.format(java.util.Locale.ROOT, "%.2f", (double) spec.timeoutSeconds()) + " seconds";
        return new StatesError(TIMED_OUT, errorCause(message, null, null));
    }

    /** As the runtime's loop reports a failed invocation: a UserFault as such, any other throwable by its class. */
    static StatesError failure(Throwable t) {
        ErrorRequest error;
        if (t instanceof UserFault fault) {
            error = LambdaErrorConverter.fromUserFault(fault);
        } else {
            UserFault.filterStackTrace(t);
            error = LambdaErrorConverter.fromThrowable(t);
        }
        return new StatesError(error.errorType, errorCause(error.errorMessage, error.errorType, error.stackTrace));
    }

    private static String errorCause(String message, String type, String[] stackTrace) {
        ObjectNode cause = JsonNodeFactory.instance.objectNode();
        cause.put("errorMessage", message);
        if (type != null) {
            cause.put("errorType", type);
        }
        if (stackTrace != null) {
            var trace = cause.putArray("stackTrace");
            for (String frame : stackTrace) {
                trace.add(frame);
            }
        }
        return cause.toString();
    }

    @Override
    public void release() {
        threads.shutdown();
        FunctionEnvironment.release(environment);
    }
}
