package io.ledgerflow.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.StatesError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke operation (REST-JSON, {@code POST /2015-03-31/functions/NAME/invocations}) on a
 * loopback port, for the SDK's {@code LambdaClient}: a synchronous invocation (RequestResponse) runs
 * the named function of a {@link LambdaFunctions} (the template's handlers, through Lambda's runtime
 * client) and answers its result; a function's error is answered as Lambda does, status 200 with
 * {@code X-Amz-Function-Error: Unhandled} and the error document. Other invocation types are refused.
 */
public final class LambdaInvokeStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

    private final HttpServer server;
    private final Map<String, LambdaFunctions> functions;

    private LambdaInvokeStandIn(HttpServer server, Map<String, LambdaFunctions> functions) {
        this.server = server;
        this.functions = Map.copyOf(functions);
    }

    /** @param functions function name to the functions that run it */
    public static LambdaInvokeStandIn start(Map<String, LambdaFunctions> functions) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LambdaInvokeStandIn standIn = new LambdaInvokeStandIn(server, functions);
        server.createContext("/", standIn::handle);
        server.start();
        return standIn;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = INVOKE.matcher(exchange.getRequestURI().getPath());
            if (!exchange.getRequestMethod().equals("POST") || !m.matches()) {
                answer(exchange, 404, Map.of(), error("UnknownOperationException", "not Invoke"));
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if (type != null && !type.equals("RequestResponse")) {
                answer(exchange, 400, Map.of(), error("InvalidParameterValueException", "only RequestResponse here"));
                return;
            }
            String name = functionName(m.group(1));
            LambdaFunctions runner = functions.get(name);
            if (runner == null) {
                answer(exchange, 404, Map.of("X-Amzn-ErrorType", "ResourceNotFoundException"),
                        error("ResourceNotFoundException", "Function not found: " + m.group(1)));
                return;
            }
            JsonNode event = JSON.readTree(exchange.getRequestBody());
            try {
                JsonNode result = runner.invoke(LambdaFunctions.arn(name), event, "invoke");
                answer(exchange, 200, Map.of("X-Amz-Executed-Version", "1"), JSON.writeValueAsBytes(result));
            } catch (StatesError e) {
                answer(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled", "X-Amz-Executed-Version", "1"),
                        error(e.error(), e.cause()));
            }
        }
    }

    /** A name, or an ARN with or without its qualifier (an alias such as {@code live}). */
    private static String functionName(String asSent) {
        String[] parts = asSent.split(":");
        return parts.length >= 7 ? parts[6] : parts[0];
    }

    private static byte[] error(String type, String message) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("errorType", type).put("errorMessage", message));
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
