package io.ledgerflow.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerflow.workflows.runtime.Execution;
import io.ledgerflow.workflows.runtime.ExecutionStatus;
import io.ledgerflow.workflows.runtime.InvalidExecutionInputException;
import io.ledgerflow.workflows.runtime.LocalServiceException;
import io.ledgerflow.workflows.runtime.LocalStateMachine;
import io.ledgerflow.workflows.runtime.LocalStepFunctions;
import io.ledgerflow.workflows.runtime.StatesArns;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Step Functions' AWS JSON 1.0 protocol in front of the local Step Functions service
 * ({@link LocalStepFunctions}: executions, ARNs, name and redrive rules are its), so that the AWS CLI, the
 * SDKs and {@code ledgerflow --target aws} work against it: {@code POST /} with
 * {@code X-Amz-Target: AWSStepFunctions.OPERATION}. Operations: StartExecution, DescribeExecution,
 * ListExecutions, RedriveExecution, ListStateMachines, DescribeStateMachine; others answer
 * {@code UnknownOperationException}. Errors are AWS's: HTTP 400 with {@code {"__type","message"}}.
 * Signatures are not checked (any credentials work); it listens on the loopback address only.
 *
 * <p>It also answers STS's GetCallerIdentity (query protocol: a form {@code POST /} with
 * {@code Action=GetCallerIdentity}, answered with the XML AWS documents:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), because
 * {@code ledgerflow --target aws} records who acts by that call: locally the caller is the IAM user
 * named by the access key id it signs with, {@code arn:aws:iam::000000000000:user/local} for the
 * printed dummy credentials.
 */
public final class StepFunctionsServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    /** A request body larger than this is refused: AWS's largest (an input) is 256 KiB. */
    private static final int REQUEST_BYTES_MAX = 1 << 20;
    private static final int HTTP_THREADS = 4;
    private static final int LIST_RESULTS_MAX = 1_000;
    private static final int LIST_RESULTS_DEFAULT = 100;
    private static final String ROLE_ARN = "arn:aws:iam::" + StatesArns.ACCOUNT + ":role/ledgerflow-local";

    private final LocalStepFunctions service;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final Instant created;
    private final PrintWriter log;

    private StepFunctionsServer(LocalStepFunctions service, HttpServer server, ExecutorService httpThreads, Instant created,
                                PrintWriter log) {
        this.service = service;
        this.server = server;
        this.httpThreads = httpThreads;
        this.created = created;
        this.log = log;
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free port). */
    public static StepFunctionsServer start(LocalStepFunctions service, int port, PrintWriter log) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService threads = Executors.newFixedThreadPool(HTTP_THREADS,
                Thread.ofPlatform().name("ledgerflow-sfn-http-", 1).daemon(true).factory());
        StepFunctionsServer s = new StepFunctionsServer(service, http, threads, Instant.now(), log);
        http.createContext("/", s::handle);
        http.setExecutor(threads);
        http.start();
        return s;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops accepting calls (waits up to a second for calls in progress). Executions are the service's to drain. */
    @Override
    public void close() {
        server.stop(1);
        httpThreads.shutdown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (amzTarget == null && "POST".equals(exchange.getRequestMethod()) && isForm(exchange)) {
                callerIdentity(exchange, requestId);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || amzTarget == null || !amzTarget.startsWith(TARGET_PREFIX)) {
                reply(exchange, 400, error("UnknownOperationException", "expected POST / with X-Amz-Target: AWSStepFunctions.OPERATION"));
                return;
            }
            String operation = amzTarget.substring(TARGET_PREFIX.length());
            try {
                JsonNode request = readRequest(exchange);
                reply(exchange, 200, dispatch(operation, request));
            } catch (LocalServiceException e) {
                reply(exchange, 400, error(e.awsErrorCode(), e.getMessage()));
            } catch (BadRequest e) {
                reply(exchange, 400, error(e.type, e.getMessage()));
            } catch (RuntimeException e) {
                log.println(Instant.now() + " " + operation + ": internal error: " + e);
                log.flush();
                reply(exchange, 500, error("InternalFailure", e.toString()));
            }
        }
    }

    private static boolean isForm(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type != null && type.startsWith("application/x-www-form-urlencoded");
    }

    /** STS GetCallerIdentity; any other query-protocol action is refused as STS refuses an unknown one. */
    private static void callerIdentity(HttpExchange exchange, String requestId) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readNBytes(REQUEST_BYTES_MAX), StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        boolean asked = java.util.Arrays.asList(body.split("&")).contains("Action=GetCallerIdentity");
        String xml = asked
                ? "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:iam::" + StatesArns.ACCOUNT + ":user/" + accessKeyId(exchange) + "</Arn>"
                        + "<UserId>" + accessKeyId(exchange) + "</UserId><Account>" + StatesArns.ACCOUNT + "</Account>"
                        + "</GetCallerIdentityResult><ResponseMetadata><RequestId>" + requestId
                        + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>"
                : "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        + "<Code>InvalidAction</Code><Message>only GetCallerIdentity is served locally</Message></Error>"
                        + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(asked ? 200 : 400, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The access key id of a SigV4 {@code Authorization} header ({@code Credential=KEY/date/region/service/aws4_request}). */
    private static String accessKeyId(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        java.util.regex.Matcher key = authorization == null ? null
                : java.util.regex.Pattern.compile("Credential=([A-Za-z0-9]{1,128})/").matcher(authorization);
        return key != null && key.find() ? key.group(1) : "anonymous";
    }

    private JsonNode dispatch(String operation, JsonNode request) {
        return switch (operation) {
            case "StartExecution" -> startExecution(request);
            case "DescribeExecution" -> describeExecution(required(request, "executionArn"));
            case "ListExecutions" -> request.hasNonNull("mapRunArn") ? listMapRunExecutions(request) : listExecutions(request);
            case "ListMapRuns" -> listMapRuns(request);
            case "RedriveExecution" -> redriveExecution(request);
            case "ListStateMachines" -> listStateMachines();
            case "DescribeStateMachine" -> describeStateMachine(request);
            default -> throw new BadRequest("UnknownOperationException", "operation " + operation
                    + " is not served locally (served: StartExecution, DescribeExecution, ListExecutions, ListMapRuns, "
                    + "RedriveExecution, ListStateMachines, DescribeStateMachine)");
        };
    }

    private JsonNode startExecution(JsonNode request) {
        String stateMachineArn = service.stateMachine(required(request, "stateMachineArn")).arn();
        String name = request.hasNonNull("name") ? request.get("name").asText() : UUID.randomUUID().toString();
        JsonNode input;
        try {
            String text = request.path("input").asText("");
            input = text.isBlank() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidExecutionInputException("Invalid State Machine Execution Input: " + e.getOriginalMessage());
        }
        Execution started = service.startExecution(stateMachineArn, name, input);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("executionArn", started.arn());
        out.put("startDate", seconds(started.startDate()));
        return out;
    }

    /** An execution, or a map run's child execution (its ARN names the parent's state machine and the Map's label). */
    private JsonNode describeExecution(String executionArn) {
        Optional<LocalStepFunctions.MapChild> child = service.mapRunChild(executionArn);
        if (child.isEmpty()) {
            return describeExecution(service.describeExecution(executionArn));
        }
        ObjectNode out = childSummary(child.get());
        out.put("mapRunArn", child.get().mapRunArn());
        if (child.get().error() != null) {
            out.put("error", child.get().error());
        }
        if (child.get().cause() != null) {
            out.put("cause", child.get().cause());
        }
        return out;
    }

    /** ListMapRuns: the map runs of an execution (one page: an execution here starts few). */
    private JsonNode listMapRuns(JsonNode request) {
        String executionArn = required(request, "executionArn");
        Execution parent = service.describeExecution(executionArn);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode runs = out.putArray("mapRuns");
        for (JsonNode run : service.mapRuns(executionArn)) {
            String mapRunArn = run.path("MapRunArn").asText();
            ObjectNode r = runs.addObject().put("executionArn", parent.arn()).put("mapRunArn", mapRunArn)
                    .put("stateMachineArn", parent.stateMachineArn()).put("startDate", seconds(parent.startDate()));
            if (parent.stopDate() != null) {
                r.put("stopDate", seconds(parent.stopDate()));
            }
        }
        return out;
    }

    /** ListExecutions with {@code mapRunArn}: the map run's child executions, {@code statusFilter} applied. */
    private JsonNode listMapRunExecutions(JsonNode request) {
        if (request.hasNonNull("stateMachineArn")) {
            throw new BadRequest("ValidationException", "specify either a mapRunArn or a stateMachineArn, not both");
        }
        String status = request.path("statusFilter").asText(null);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode executions = out.putArray("executions");
        for (LocalStepFunctions.MapChild child : service.mapRunChildren(required(request, "mapRunArn"))) {
            if (status == null || status.equals(child.status())) {
                executions.add(childSummary(child).put("mapRunArn", child.mapRunArn()));
            }
        }
        return out;
    }

    private static ObjectNode childSummary(LocalStepFunctions.MapChild child) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("executionArn", child.executionArn())
                .put("stateMachineArn", child.stateMachineArn()).put("name", Integer.toString(child.index()))
                .put("status", child.status()).put("startDate", seconds(child.parent().startDate()));
        if (child.parent().stopDate() != null) {
            out.put("stopDate", seconds(child.parent().stopDate()));
        }
        return out;
    }

    private JsonNode describeExecution(Execution e) {
        ObjectNode out = summary(e);
        out.put("input", e.input().toString());
        out.putObject("inputDetails").put("included", true);
        if (e.output() != null) {
            out.put("output", e.output().toString());
            out.putObject("outputDetails").put("included", true);
        }
        if (e.error() != null) {
            out.put("error", e.error());
        }
        if (e.cause() != null) {
            out.put("cause", e.cause());
        }
        Optional<String> notRedrivable = service.notRedrivableReason(e);
        out.put("redriveStatus", notRedrivable.isEmpty() ? "REDRIVABLE" : "NOT_REDRIVABLE");
        notRedrivable.ifPresent(reason -> out.put("redriveStatusReason", reason));
        return out;
    }

    private JsonNode listExecutions(JsonNode request) {
        String stateMachineArn = required(request, "stateMachineArn");
        int max = request.path("maxResults").asInt(0);
        max = max <= 0 ? LIST_RESULTS_DEFAULT : Math.min(max, LIST_RESULTS_MAX);
        int from = request.hasNonNull("nextToken") ? offset(request.get("nextToken").asText()) : 0;
        Predicate<Execution> filter = request.hasNonNull("statusFilter") ? statusFilter(request.get("statusFilter").asText())
                : e -> true;
        List<Execution> all = service.listExecutions(stateMachineArn).stream().filter(filter).toList();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode executions = out.putArray("executions");
        int to = Math.min(all.size(), from + max);
        for (Execution e : all.subList(Math.min(from, to), to)) {
            executions.add(summary(e));
        }
        if (to < all.size()) {
            out.put("nextToken", Integer.toString(to));
        }
        return out;
    }

    private JsonNode redriveExecution(JsonNode request) {
        Execution redriven = service.redriveExecution(required(request, "executionArn"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("redriveDate", seconds(redriven.redriveDate()));
        return out;
    }

    private JsonNode listStateMachines() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode machines = out.putArray("stateMachines");
        for (LocalStateMachine m : service.stateMachines()) {
            machines.addObject().put("stateMachineArn", m.arn()).put("name", m.name()).put("type", "STANDARD")
                    .put("creationDate", seconds(created));
        }
        return out;
    }

    private JsonNode describeStateMachine(JsonNode request) {
        LocalStateMachine m = service.stateMachine(required(request, "stateMachineArn"));
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("stateMachineArn", m.arn())
                .put("name", m.name()).put("status", "ACTIVE")
                .put("definition", m.definition()).put("roleArn", ROLE_ARN).put("type", "STANDARD");
        out.put("creationDate", seconds(created));
        return out;
    }

    /** ListExecutions' statusFilter: a status (AWS's PENDING_REDRIVE matches nothing: a redrive here is RUNNING at once). */
    private static Predicate<Execution> statusFilter(String filter) {
        if (filter.equals("PENDING_REDRIVE")) {
            return e -> false;
        }
        try {
            ExecutionStatus status = ExecutionStatus.valueOf(filter);
            return e -> e.status() == status;
        } catch (IllegalArgumentException e) {
            throw new BadRequest("ValidationException", "1 validation error detected: Value '" + filter
                    + "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: "
                    + java.util.Arrays.toString(ExecutionStatus.values()) + " or PENDING_REDRIVE");
        }
    }

    private static ObjectNode summary(Execution e) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("executionArn", e.arn())
                .put("stateMachineArn", e.stateMachineArn()).put("name", e.name()).put("status", e.status().name());
        out.put("startDate", seconds(e.startDate()));
        if (e.stopDate() != null) {
            out.put("stopDate", seconds(e.stopDate()));
        }
        out.put("redriveCount", e.redriveCount());
        if (e.redriveDate() != null) {
            out.put("redriveDate", seconds(e.redriveDate()));
        }
        return out;
    }

    /** Epoch seconds with milliseconds, as Step Functions writes timestamps. */
    private static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    private static JsonNode readRequest(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(REQUEST_BYTES_MAX + 1);
            if (body.length > REQUEST_BYTES_MAX) {
                throw new BadRequest("ValidationException", "request body larger than " + REQUEST_BYTES_MAX + " bytes");
            }
            if (body.length == 0) {
                return JsonNodeFactory.instance.objectNode();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new BadRequest("SerializationException", "request body is not JSON: " + e.getMessage());
            }
        }
    }

    private static String required(JsonNode request, String field) {
        if (!request.path(field).isTextual() || request.get(field).asText().isEmpty()) {
            throw new BadRequest("ValidationException", "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return request.get(field).asText();
    }

    private static int offset(String token) {
        try {
            return Math.max(0, Integer.parseInt(token));
        } catch (NumberFormatException e) {
            throw new BadRequest("InvalidToken", "Invalid Token: '" + token + "'");
        }
    }

    private static ObjectNode error(String type, String message) {
        return JsonNodeFactory.instance.objectNode().put("__type", type).put("message", message);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        if (status != 200) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", body.path("__type").asText());
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A malformed call: AWS's validation errors. */
    private static final class BadRequest extends RuntimeException {
        final String type;

        BadRequest(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
