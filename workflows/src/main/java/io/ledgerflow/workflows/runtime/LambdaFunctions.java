package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The task-resource registry: maps Lambda function names to the Java handler classes deployed
 * as those functions, and resolves a Task's Resource (a function ARN, or
 * {@code arn:aws:states:::lambda:invoke} with FunctionName and Payload) to one of them.
 */
public final class LambdaFunctions implements TaskInvoker {

    /** Classpath resource listing {@code functionName=fully.qualified.HandlerClass} lines. */
    public static final String REGISTRY_RESOURCE = "META-INF/ledgerflow/lambda-functions.properties";
    public static final String INVOKE = "arn:aws:states:::lambda:invoke";
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]*:[0-9]*:function:([A-Za-z0-9_-]{1,64})(:[A-Za-z0-9$_-]+)?");

    private final Map<String, LambdaHandlerInvoker> functions;

    private LambdaFunctions(Map<String, LambdaHandlerInvoker> functions) {
        this.functions = Map.copyOf(functions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The local ARN a function name stands for. */
    public static String arn(String functionName) {
        return "arn:aws:lambda:local:000000000000:function:" + functionName;
    }

    @Override
    public JsonNode invoke(String resource, JsonNode input, String stateName) {
        if (resource.equals(INVOKE)) {
            return invokeIntegration(input, stateName);
        }
        if (resource.startsWith(INVOKE + ".")) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + stateName + "': " + resource
                    + " (callback pattern) is not supported by the embedded runtime");
        }
        Matcher m = FUNCTION_ARN.matcher(resource);
        if (resource.contains("${")) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + stateName + "': resource '" + resource
                    + "' has a ${...} placeholder with no substitution (pass --substitution NAME=VALUE)");
        }
        if (!m.matches()) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + stateName + "': resource '" + resource
                    + "' is not supported by the embedded runtime (Lambda function ARNs and " + INVOKE + " are)");
        }
        return function(m.group(1), resource).invoke(input);
    }

    /** The optimized Lambda integration: Parameters carry FunctionName and Payload; the result is an envelope. */
    private JsonNode invokeIntegration(JsonNode parameters, String stateName) {
        JsonNode name = parameters.get("FunctionName");
        if (name == null || !name.isTextual()) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + stateName + "': " + INVOKE + " needs a FunctionName parameter");
        }
        Matcher m = FUNCTION_ARN.matcher(name.asText());
        String functionName = m.matches() ? m.group(1) : name.asText().replaceFirst(":[^:]+$", "");
        JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : JsonNodeFactory.instance.nullNode();
        JsonNode result = function(functionName, name.asText()).invoke(payload);
        return envelope(result);
    }

    private static JsonNode envelope(JsonNode payload) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String requestId = UUID.randomUUID().toString();
        out.put("ExecutedVersion", "$LATEST");
        out.set("Payload", payload);
        ObjectNode http = out.putObject("SdkHttpMetadata");
        http.putObject("HttpHeaders").put("Content-Type", "application/json").put("X-Amz-Executed-Version", "$LATEST")
                .put("x-amzn-RequestId", requestId);
        http.put("HttpStatusCode", 200);
        out.putObject("SdkResponseMetadata").put("RequestId", requestId);
        out.put("StatusCode", 200);
        return out;
    }

    private LambdaHandlerInvoker function(String name, String asWritten) {
        LambdaHandlerInvoker f = functions.get(name);
        if (f == null) {
            throw new StatesError(ErrorNames.LAMBDA_NOT_FOUND, "Function not found: " + asWritten
                    + " (no handler registered for '" + name + "'; register it in " + REGISTRY_RESOURCE + ")");
        }
        return f;
    }

    /** Collects function registrations; later registrations of a name replace earlier ones. */
    public static final class Builder {
        private final Map<String, LambdaHandlerInvoker> functions = new HashMap<>();

        /** Registers a handler class, built with its no-argument constructor as the Lambda runtime does. */
        public Builder register(String functionName, Class<?> handlerClass) {
            return register(functionName, handlerClass, () -> newInstance(handlerClass));
        }

        /** Registers a handler built by {@code factory} (tests pass handlers with their dependencies). */
        public Builder register(String functionName, Class<?> handlerClass, Supplier<?> factory) {
            functions.put(functionName, new LambdaHandlerInvoker(functionName, handlerClass, factory));
            return this;
        }

        /** Registers every {@code name=class} line of every {@link #REGISTRY_RESOURCE} on the class path. */
        public Builder registerFromClasspath(ClassLoader loader) {
            try {
                Enumeration<URL> urls = loader.getResources(REGISTRY_RESOURCE);
                while (urls.hasMoreElements()) {
                    Properties p = new Properties();
                    try (InputStream in = urls.nextElement().openStream()) {
                        p.load(in);
                    }
                    for (String name : p.stringPropertyNames()) {
                        register(name, Class.forName(p.getProperty(name).trim(), false, loader));
                    }
                }
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException("cannot load " + REGISTRY_RESOURCE + ": " + e.getMessage(), e);
            }
            return this;
        }

        public LambdaFunctions build() {
            return new LambdaFunctions(functions);
        }

        private static Object newInstance(Class<?> c) {
            try {
                return c.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("handler " + c.getName() + " needs a public no-argument constructor", e);
            }
        }
    }
}
