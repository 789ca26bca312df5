package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import io.ledgerflow.workflows.template.FunctionSpec;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions the embedded runtime can invoke, by function name: the template's functions
 * ({@link Builder#deploy}, loaded and invoked by AWS's Lambda runtime interface client), and in
 * tests of the runtime itself handler instances registered directly. Resolves a Task's Resource
 * (a function ARN, or {@code arn:aws:states:::lambda:invoke} with FunctionName and Payload) to one
 * of them; a function not registered is {@code Lambda.ResourceNotFoundException}, as on AWS.
 */
public final class LambdaFunctions implements TaskInvoker, AutoCloseable {

    /** Lambda's maximum function timeout: 15 minutes. */
    public static final int MAX_TIMEOUT_SECONDS = 900;
    public static final String INVOKE = "arn:aws:states:::lambda:invoke";
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]*:[0-9]*:function:([A-Za-z0-9_-]{1,64})(:[A-Za-z0-9$_-]+)?");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LocalFunction> functions;
    private final InvocationListener listener;

    private LambdaFunctions(Map<String, LocalFunction> functions, InvocationListener listener) {
        this.functions = Map.copyOf(functions);
        this.listener = listener;
    }

    /** Told of every successful invocation (the CLI's progress bar reads the workers' results). */
    @FunctionalInterface
    public interface InvocationListener {
        InvocationListener NONE = (function, result) -> { };

        void invoked(String functionName, JsonNode result);
    }

    /** The variables a deployed function sees, Lambda's reserved ones included; empty if it is not deployed here. */
    public Map<String, String> environment(String functionName) {
        return functions.get(functionName) instanceof RuntimeInterfaceFunction f ? f.environment() : Map.of();
    }

    @Override
    public void close() {
        functions.values().forEach(LocalFunction::release);
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
        return invoke(m.group(1), resource, input);
    }

    private JsonNode invoke(String functionName, String asWritten, JsonNode input) {
        JsonNode result = function(functionName, asWritten).invoke(input);
        listener.invoked(functionName, result);
        return result;
    }

    /**
     * The optimized Lambda integration: Parameters carry FunctionName and Payload; the result is an
     * envelope. As on AWS, a Payload that is a JSON string is the invocation's raw body (the
     * function receives the JSON that string holds), an absent or null Payload reaches the function
     * as {@code {}}, and {@code LogType: Tail} adds the base64 log tail as {@code LogResult}.
     */
    private JsonNode invokeIntegration(JsonNode parameters, String stateName) {
        JsonNode name = parameters.get("FunctionName");
        if (name == null || !name.isTextual()) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + stateName + "': " + INVOKE + " needs a FunctionName parameter");
        }
        Matcher m = FUNCTION_ARN.matcher(name.asText());
        String functionName = m.matches() ? m.group(1) : name.asText().replaceFirst(":[^:]+$", "");
        if (!functions.containsKey(functionName)) {
            throw new StatesError(ErrorNames.LAMBDA_NOT_FOUND, "Function not found: " + qualifiedArn(name.asText(), m)
                    + " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
                    + UUID.randomUUID() + "; Proxy: null)");
        }
        JsonNode result = invoke(functionName, name.asText(), event(parameters.get("Payload"), stateName));
        boolean tail = "Tail".equals(parameters.path("LogType").asText());
        return envelope(result, tail ? logTail(functionName) : null);
    }

    /** What the function receives for the integration's Payload (Lambda's Invoke body). */
    private static JsonNode event(JsonNode payload, String stateName) {
        if (payload == null || payload.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (payload.isTextual()) {
            try {
                return JSON.readTree(payload.textValue());
            } catch (JsonProcessingException e) {
                throw new StatesError("Lambda.InvalidRequestContentException", "state '" + stateName
                        + "': Could not parse request body into json: the Payload string is not JSON ("
                        + e.getOriginalMessage() + ")");
            }
        }
        return payload;
    }

    /** The ARN AWS names in its not-found cause: the function's ARN with the qualifier, $LATEST unless given. */
    private static String qualifiedArn(String asWritten, Matcher arn) {
        if (arn.matches()) {
            return arn.group(2) == null ? asWritten + ":$LATEST" : asWritten;
        }
        int colon = asWritten.indexOf(':');
        return colon < 0 ? arn(asWritten) + ":$LATEST" : arn(asWritten.substring(0, colon)) + asWritten.substring(colon);
    }

    /** Lambda's {@code X-Amz-Log-Result}: the base64 tail of the invocation's log (the runtime's START/END/REPORT lines). */
    private static String logTail(String functionName) {
        String requestId = UUID.randomUUID().toString();
        String log = "START RequestId: " + requestId + " Version: $LATEST\nEND RequestId: " + requestId
                + "\nREPORT RequestId: " + requestId + "\tFunction: " + functionName + "\n";
        return Base64.getEncoder().encodeToString(log.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode envelope(JsonNode payload, String logResult) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String requestId = UUID.randomUUID().toString();
        out.put("ExecutedVersion", "$LATEST");
        if (logResult != null) {
            out.put("LogResult", logResult);
        }
        out.set("Payload", payload);
        ObjectNode http = out.putObject("SdkHttpMetadata");
        ObjectNode headers = http.putObject("HttpHeaders").put("Content-Type", "application/json")
                .put("X-Amz-Executed-Version", "$LATEST");
        if (logResult != null) {
            headers.put("X-Amz-Log-Result", logResult);
        }
        headers.put("x-amzn-RequestId", requestId);
        http.put("HttpStatusCode", 200);
        out.putObject("SdkResponseMetadata").put("RequestId", requestId);
        out.put("StatusCode", 200);
        return out;
    }

    private LocalFunction function(String name, String asWritten) {
        LocalFunction f = functions.get(name);
        if (f == null) {
            throw new StatesError(ErrorNames.LAMBDA_NOT_FOUND, "Function not found: " + asWritten
                    + " (the template declares no function '" + name + "')");
        }
        return f;
    }

    /** Collects function registrations; later registrations of a name replace earlier ones. */
    public static final class Builder {
        private final Map<String, LocalFunction> functions = new HashMap<>();
        private InvocationListener listener = InvocationListener.NONE;

        /**
         * Deploys a function of the template: its handler string is loaded from {@code loader} by
         * Lambda's runtime interface client, with the template's variables plus {@code network}
         * (the local endpoints and keys, as Lambda adds the role's keys).
         */
        public Builder deploy(FunctionSpec spec, Map<String, String> network, ClassLoader loader) {
            return deploy(spec, network, loader, () -> { });
        }

        /** As above, with the function's layer extensions, which are ready before its first handler is built. */
        public Builder deploy(FunctionSpec spec, Map<String, String> network, ClassLoader loader, Runnable extensionsInit) {
            functions.put(spec.name(), new RuntimeInterfaceFunction(spec, network, loader, extensionsInit));
            return this;
        }

        /**
         * Deploys a function outside any template ({@code workflow run --handler}, tests): the
         * handler string ({@code pkg.Class} or {@code pkg.Class::method}) with no variables,
         * Lambda's maximum timeout and the context class loader.
         */
        public Builder deploy(String functionName, String handler) {
            return deploy(new FunctionSpec(functionName, functionName, arn(functionName), handler, Map.of(),
                    MAX_TIMEOUT_SECONDS, FunctionSpec.DEFAULT_MEMORY_MB, java.util.List.of()), Map.of(),
                    Thread.currentThread().getContextClassLoader());
        }

        /**
         * Registers a handler instance built by {@code factory}, invoked in-process without the
         * runtime client: only for tests of the ASL runtime itself, whose handlers need test state.
         */
        public Builder register(String functionName, Class<?> handlerClass, Supplier<?> factory) {
            functions.put(functionName, new LambdaHandlerInvoker(functionName, handlerClass, factory));
            return this;
        }

        public Builder listener(InvocationListener invocationListener) {
            this.listener = invocationListener;
            return this;
        }

        public LambdaFunctions build() {
            return new LambdaFunctions(functions, listener);
        }
    }
}
