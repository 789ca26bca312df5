package io.ledgerflow.core.adapters.dynamodb.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * An HTTP proxy in front of DynamoDB Local that enforces DynamoDB's throughput and item limits
 * ({@link DynamoDbLimits}) and answers as DynamoDB does, on the wire, so that every client (the
 * store, a handler that builds its own SDK client from an endpoint URL, the AWS CLI) meets the
 * same answers it would meet in AWS:
 * <ul>
 *   <li>a single-item read or write over its partition key's or its table's budget: HTTP 400
 *       {@code ProvisionedThroughputExceededException} (which the SDKs retry);
 *   <li>{@code BatchWriteItem}: the items within budget are written, the others come back in
 *       {@code UnprocessedItems}; none within budget: {@code ProvisionedThroughputExceededException};
 *   <li>{@code TransactWriteItems} (2 units per KB per item) over budget: {@code
 *       TransactionCanceledException} with a {@code ThrottlingError} reason on the items that
 *       found too little;
 *   <li>an item over 400 KB in a put: {@code ValidationException} "Item size has exceeded the
 *       maximum allowed size".
 * </ul>
 * Writes are admitted by their size ({@link ItemSizes}, exact for a put; 1 unit for an update or
 * delete, whose size only the engine knows); reads by the least they can cost. The engine's own
 * {@code ConsumedCapacity} (asked for on every request, and removed from the answer when the
 * client did not ask) then debits what the request really cost: an overwritten larger item, the
 * items a query read. Table management calls, {@code BatchGetItem} and {@code TransactGetItems}
 * (which ledgerflow does not use) pass through unmetered. A query on an index is metered on the
 * table only.
 */
public final class ThrottlingProxy implements AutoCloseable {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String THROTTLED = "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException";
    private static final String CANCELLED = "com.amazonaws.dynamodb.v20120810#TransactionCanceledException";
    private static final String INVALID = "com.amazon.coral.validate#ValidationException";
    /** DynamoDB's message for a throttled on-demand table (the TransactWriteItems reference quotes it). */
    static final String THROTTLED_MESSAGE = "Throughput exceeds the current capacity of your table or index. DynamoDB is"
            + " automatically scaling your table or index so please try again shortly. If exceptions persist, check if"
            + " you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
    static final String TOO_LARGE_MESSAGE = "Item size has exceeded the maximum allowed size";
    /** Headers the forwarding client sets itself, or that belong to one hop only. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "accept-encoding", "date");
    private static final int BATCH_ITEMS_MAX = 25;
    private static final int BACKLOG = 128;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code name = :value} in a key condition expression; the partition key is always compared with {@code =}. */
    private static final Pattern EQUALS = Pattern.compile("(#?[A-Za-z0-9_.-]+)\\s*=\\s*(:[A-Za-z0-9_]+)");

    private final URI upstream;
    private final DynamoDbLimits limits;
    private final CapacityMeter meter;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<String, TableKeys> tables = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttledRequests = new AtomicLong();
    private final AtomicLong cancelledTransactions = new AtomicLong();
    private final AtomicLong partialBatches = new AtomicLong();
    private final AtomicLong unprocessedItems = new AtomicLong();
    private final AtomicLong oversizedRequests = new AtomicLong();
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final DoubleAdder readUnits = new DoubleAdder();

    /** A table's partition key attribute and ARN, from DescribeTable. */
    private record TableKeys(String hashKey, String arn) {}

    /** An HTTP answer. */
    private record Reply(int status, Map<String, List<String>> headers, byte[] body) {}

    /** One request of a BatchWriteItem, with where it goes and what it costs. */
    private record BatchEntry(String table, JsonNode request, String key, long units) {}

    private ThrottlingProxy(URI upstream, DynamoDbLimits limits, LongSupplier nanoTime, HttpServer server,
            ExecutorService executor) {
        this.upstream = upstream;
        this.limits = limits;
        this.meter = new CapacityMeter(limits, nanoTime);
        this.server = server;
        this.executor = executor;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * Starts a proxy to {@code upstream} (DynamoDB Local's endpoint) on the loopback address,
     * {@code port} (0: a free one). {@code nanoTime} is the clock the buckets refill by
     * ({@code System::nanoTime}; tests pass one they move by hand).
     */
    public static ThrottlingProxy start(URI upstream, DynamoDbLimits limits, LongSupplier nanoTime, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
            ThrottlingProxy proxy = new ThrottlingProxy(upstream, limits, nanoTime, server, executor);
            server.createContext("/", proxy::exchange);
            server.setExecutor(executor);
            server.start();
            return proxy;
        } catch (IOException e) {
            executor.close();
            throw new UncheckedIOException("the DynamoDB limits proxy cannot listen on port " + port, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public DynamoDbLimits limits() {
        return limits;
    }

    public ThrottleCounts counts() {
        return new ThrottleCounts(requests.get(), throttledRequests.get(), cancelledTransactions.get(), partialBatches.get(),
                unprocessedItems.get(), oversizedRequests.get(), writeUnits.sum(), readUnits.sum());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Reply reply;
            try {
                reply = handle(exchange, body);
            } catch (RuntimeException e) {
                reply = json(500, JSON.createObjectNode().put("__type", "com.amazonaws.dynamodb.v20120810#InternalServerError")
                        .put("message", "the DynamoDB limits proxy failed: " + e));
            }
            send(exchange, reply);
        }
    }

    private Reply handle(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
        ObjectNode request = metered(operation) ? parse(body) : null;
        if (request == null) {
            if (operation.equals("CreateTable") || operation.equals("DeleteTable")) {
                tables.clear(); // a table's schema may change under the same name
            }
            return forward(exchange, body);
        }
        return switch (operation) {
            case "PutItem", "UpdateItem", "DeleteItem" -> singleWrite(exchange, operation, request, body);
            case "GetItem", "Query", "Scan" -> read(exchange, operation, request, body);
            case "BatchWriteItem" -> batchWrite(exchange, request, body);
            case "TransactWriteItems" -> transactWrite(exchange, request, body);
            default -> throw new IllegalStateException("not metered: " + operation);
        };
    }

    private static boolean metered(String operation) {
        return switch (operation) {
            case "PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "Scan", "BatchWriteItem", "TransactWriteItems" -> true;
            default -> false;
        };
    }

    // ---- single-item writes

    private Reply singleWrite(HttpExchange exchange, String operation, ObjectNode request, byte[] body) {
        String table = request.path("TableName").asText();
        TableKeys keys = tableKeys(exchange, table);
        boolean put = operation.equals("PutItem");
        JsonNode keyValue = keys == null ? null : (put ? request.path("Item") : request.path("Key")).get(keys.hashKey());
        if (keyValue == null) {
            return forward(exchange, body); // no such table, or no key: the engine answers as DynamoDB would
        }
        long units = 1;
        if (put) {
            long bytes = ItemSizes.itemBytes(request.get("Item"));
            if (bytes > limits.itemBytesMax()) {
                return tooLarge();
            }
            units = ItemSizes.writeUnits(bytes);
        }
        requests.incrementAndGet();
        String key = keyValue.toString();
        if (!meter.tryWrite(new CapacityMeter.Write(table, key, units))) {
            throttledRequests.incrementAndGet();
            return throttled(keys, "TableWriteKeyRangeThroughputExceeded");
        }
        boolean asked = asksConsumedCapacity(request);
        Reply reply = forward(exchange, withConsumedCapacity(request));
        ObjectNode answer = reply.status() == 200 ? parse(reply.body()) : null;
        if (answer != null) {
            double consumed = answer.path("ConsumedCapacity").path("CapacityUnits").asDouble(units);
            if (consumed > units) {
                meter.debitWrite(table, key, consumed - units);
            }
            writeUnits.add(Math.max(consumed, units));
            return asked ? reply : withoutConsumedCapacity(reply, answer);
        }
        return reply;
    }

    // ---- reads

    private Reply read(HttpExchange exchange, String operation, ObjectNode request, byte[] body) {
        String table = request.path("TableName").asText();
        TableKeys keys = tableKeys(exchange, table);
        if (keys == null) {
            return forward(exchange, body);
        }
        String key = switch (operation) {
            case "GetItem" -> textOrNull(request.path("Key").get(keys.hashKey()));
            case "Query" -> request.hasNonNull("IndexName") ? null : textOrNull(queriedPartition(request, keys.hashKey()));
            default -> null; // a scan reads every partition: the table's budget only
        };
        boolean consistent = request.path("ConsistentRead").asBoolean(false);
        double least = consistent ? 1 : 0.5;
        requests.incrementAndGet();
        if (!meter.tryRead(table, key, least)) {
            throttledRequests.incrementAndGet();
            return throttled(keys, "TableReadKeyRangeThroughputExceeded");
        }
        boolean asked = asksConsumedCapacity(request);
        Reply reply = forward(exchange, withConsumedCapacity(request));
        ObjectNode answer = reply.status() == 200 ? parse(reply.body()) : null;
        if (answer != null) {
            double consumed = answer.path("ConsumedCapacity").path("CapacityUnits").asDouble(least);
            if (consumed > least) {
                meter.debitRead(table, key, consumed - least);
            }
            readUnits.add(Math.max(consumed, least));
            return asked ? reply : withoutConsumedCapacity(reply, answer);
        }
        return reply;
    }

    /** The partition key value a query's key condition names ({@code pk = :v}, or the legacy KeyConditions). */
    static JsonNode queriedPartition(JsonNode request, String hashKey) {
        JsonNode legacy = request.path("KeyConditions").path(hashKey).path("AttributeValueList");
        if (legacy.isArray() && !legacy.isEmpty()) {
            return legacy.get(0);
        }
        String condition = request.path("KeyConditionExpression").asText("");
        Matcher m = EQUALS.matcher(condition);
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("#")) {
                name = request.path("ExpressionAttributeNames").path(name).asText(name);
            }
            if (name.equals(hashKey)) {
                return request.path("ExpressionAttributeValues").get(m.group(2));
            }
        }
        return null;
    }

    // ---- BatchWriteItem

    private Reply batchWrite(HttpExchange exchange, ObjectNode request, byte[] body) {
        List<BatchEntry> entries = batchEntries(exchange, request.path("RequestItems"));
        if (entries == null) {
            return forward(exchange, body); // malformed, too many items, unknown table: the engine answers
        }
        for (BatchEntry e : entries) {
            if (e.units() < 0) {
                return tooLarge(); // DynamoDB refuses the whole batch
            }
        }
        requests.incrementAndGet();
        ObjectNode admitted = JSON.createObjectNode();
        ObjectNode refused = JSON.createObjectNode();
        Map<String, Map<String, Long>> admittedUnits = new LinkedHashMap<>();
        int refusedCount = 0;
        for (BatchEntry e : entries) {
            if (meter.tryWrite(new CapacityMeter.Write(e.table(), e.key(), e.units()))) {
                admitted.withArrayProperty(e.table()).add(e.request());
                admittedUnits.computeIfAbsent(e.table(), t -> new LinkedHashMap<>()).merge(e.key(), e.units(), Long::sum);
            } else {
                refused.withArrayProperty(e.table()).add(e.request());
                refusedCount++;
            }
        }
        unprocessedItems.addAndGet(refusedCount);
        if (admittedUnits.isEmpty()) {
            throttledRequests.incrementAndGet();
            return throttled(tableKeys(exchange, entries.get(0).table()), "TableWriteKeyRangeThroughputExceeded");
        }
        if (refusedCount > 0) {
            partialBatches.incrementAndGet();
        }
        boolean asked = asksConsumedCapacity(request);
        ObjectNode forwarded = request.deepCopy();
        forwarded.set("RequestItems", admitted);
        Reply reply = forward(exchange, withConsumedCapacity(forwarded));
        ObjectNode answer = reply.status() == 200 ? parse(reply.body()) : null;
        if (answer == null) {
            return reply;
        }
        settleByTable(answer.path("ConsumedCapacity"), admittedUnits);
        if (refusedCount == 0) {
            return asked ? reply : withoutConsumedCapacity(reply, answer);
        }
        ObjectNode unprocessed = answer.withObjectProperty("UnprocessedItems");
        refused.fields().forEachRemaining(t -> unprocessed.withArrayProperty(t.getKey()).addAll((ArrayNode) t.getValue()));
        if (!asked) {
            answer.remove("ConsumedCapacity");
        }
        return rewritten(reply, answer);
    }

    /** The batch's requests, or null to leave the batch to the engine. An oversized put has units -1. */
    private List<BatchEntry> batchEntries(HttpExchange exchange, JsonNode requestItems) {
        if (!requestItems.isObject()) {
            return null;
        }
        List<BatchEntry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> perTable = it.next();
            TableKeys keys = tableKeys(exchange, perTable.getKey());
            if (keys == null || !perTable.getValue().isArray()) {
                return null;
            }
            for (JsonNode writeRequest : perTable.getValue()) {
                JsonNode item = writeRequest.path("PutRequest").path("Item");
                boolean put = item.isObject();
                JsonNode keyValue = (put ? item : writeRequest.path("DeleteRequest").path("Key")).get(keys.hashKey());
                if (keyValue == null) {
                    return null;
                }
                long units = 1;
                if (put) {
                    long bytes = ItemSizes.itemBytes(item);
                    units = bytes > limits.itemBytesMax() ? -1 : ItemSizes.writeUnits(bytes);
                }
                entries.add(new BatchEntry(perTable.getKey(), writeRequest, keyValue.toString(), units));
            }
        }
        return entries.isEmpty() || entries.size() > BATCH_ITEMS_MAX ? null : entries;
    }

    // ---- TransactWriteItems

    private Reply transactWrite(HttpExchange exchange, ObjectNode request, byte[] body) {
        List<CapacityMeter.Write> writes = new ArrayList<>();
        Map<String, Map<String, Long>> units = new LinkedHashMap<>();
        TableKeys first = null;
        for (JsonNode transactItem : request.path("TransactItems")) {
            if (!transactItem.isObject() || transactItem.size() != 1) {
                return forward(exchange, body);
            }
            JsonNode action = transactItem.elements().next();
            String table = action.path("TableName").asText();
            TableKeys keys = tableKeys(exchange, table);
            boolean put = action.path("Item").isObject();
            JsonNode keyValue = keys == null ? null : (put ? action.path("Item") : action.path("Key")).get(keys.hashKey());
            if (keyValue == null) {
                return forward(exchange, body);
            }
            first = first == null ? keys : first;
            long itemUnits = 1;
            if (put) {
                long bytes = ItemSizes.itemBytes(action.get("Item"));
                if (bytes > limits.itemBytesMax()) {
                    return tooLarge();
                }
                itemUnits = ItemSizes.writeUnits(bytes);
            }
            long transactional = 2 * itemUnits; // a transactional write costs two units per KB
            writes.add(new CapacityMeter.Write(table, keyValue.toString(), transactional));
            units.computeIfAbsent(table, t -> new LinkedHashMap<>()).merge(keyValue.toString(), transactional, Long::sum);
        }
        if (writes.isEmpty()) {
            return forward(exchange, body);
        }
        requests.incrementAndGet();
        List<Integer> refused = meter.tryWriteAll(writes);
        if (!refused.isEmpty()) {
            cancelledTransactions.incrementAndGet();
            return transactionThrottled(writes.size(), refused);
        }
        boolean asked = asksConsumedCapacity(request);
        Reply reply = forward(exchange, withConsumedCapacity(request));
        ObjectNode answer = reply.status() == 200 ? parse(reply.body()) : null;
        if (answer == null) {
            return reply;
        }
        settleByTable(answer.path("ConsumedCapacity"), units);
        return asked ? reply : withoutConsumedCapacity(reply, answer);
    }

    /**
     * Debits what the engine reports a multi-item request consumed beyond what was admitted (a put
     * that overwrote a larger item, a delete of an item over 1 KB), over the request's keys in
     * proportion to what each was admitted.
     */
    private void settleByTable(JsonNode consumedCapacity, Map<String, Map<String, Long>> admitted) {
        for (JsonNode perTable : consumedCapacity) {
            Map<String, Long> keys = admitted.get(perTable.path("TableName").asText());
            if (keys == null) {
                continue;
            }
            long admittedTotal = keys.values().stream().mapToLong(Long::longValue).sum();
            double consumed = perTable.path("CapacityUnits").asDouble(admittedTotal);
            writeUnits.add(Math.max(consumed, admittedTotal));
            double surplus = consumed - admittedTotal;
            if (surplus > 0) {
                String table = perTable.path("TableName").asText();
                keys.forEach((key, units) -> meter.debitWrite(table, key, surplus * units / admittedTotal));
            }
        }
    }

    // ---- answers

    private Reply throttled(TableKeys keys, String reason) {
        ObjectNode body = JSON.createObjectNode().put("__type", THROTTLED).put("message", THROTTLED_MESSAGE);
        body.putArray("ThrottlingReasons").addObject().put("reason", reason).put("resource", keys == null ? "" : keys.arn());
        return json(400, body);
    }

    private Reply transactionThrottled(int items, List<Integer> throttledItems) {
        ObjectNode body = JSON.createObjectNode().put("__type", CANCELLED);
        ArrayNode reasons = body.putArray("CancellationReasons");
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            ObjectNode reason = reasons.addObject();
            if (throttledItems.contains(i)) {
                reason.put("Code", "ThrottlingError").put("Message", THROTTLED_MESSAGE);
                codes.add("ThrottlingError");
            } else {
                reason.put("Code", "None");
                codes.add("None");
            }
        }
        body.put("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes);
        return json(400, body);
    }

    private Reply tooLarge() {
        oversizedRequests.incrementAndGet();
        return json(400, JSON.createObjectNode().put("__type", INVALID).put("message", TOO_LARGE_MESSAGE));
    }

    private static Reply json(int status, ObjectNode body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(JSON_CONTENT_TYPE));
        headers.put("x-amzn-RequestId", List.of(UUID.randomUUID().toString()));
        return withCrc(new Reply(status, headers, write(body)));
    }

    private static Reply withoutConsumedCapacity(Reply reply, ObjectNode answer) {
        if (answer.remove("ConsumedCapacity") == null) {
            return reply;
        }
        return rewritten(reply, answer);
    }

    private static Reply rewritten(Reply reply, ObjectNode answer) {
        return withCrc(new Reply(reply.status(), reply.headers(), write(answer)));
    }

    /** DynamoDB signs each answer's body with its CRC32 in {@code x-amz-crc32}; the SDKs check it. */
    private static Reply withCrc(Reply reply) {
        CRC32 crc = new CRC32();
        crc.update(reply.body());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        reply.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("x-amz-crc32")) {
                headers.put(name, values);
            }
        });
        headers.put("x-amz-crc32", List.of(Long.toString(crc.getValue())));
        return new Reply(reply.status(), headers, reply.body());
    }

    private static boolean asksConsumedCapacity(JsonNode request) {
        String mode = request.path("ReturnConsumedCapacity").asText("NONE");
        return !mode.equals("NONE");
    }

    private static byte[] withConsumedCapacity(ObjectNode request) {
        if (!asksConsumedCapacity(request)) {
            request = request.deepCopy().put("ReturnConsumedCapacity", "TOTAL");
        }
        return write(request);
    }

    // ---- the engine

    private TableKeys tableKeys(HttpExchange exchange, String table) {
        TableKeys known = tables.get(table);
        if (known != null) {
            return known;
        }
        ObjectNode describe = JSON.createObjectNode().put("TableName", table);
        Reply reply = send(exchange, "DescribeTable", write(describe));
        if (reply.status() != 200) {
            return null;
        }
        JsonNode description = parse(reply.body()).path("Table");
        for (JsonNode element : description.path("KeySchema")) {
            if (element.path("KeyType").asText().equals("HASH")) {
                TableKeys keys = new TableKeys(element.path("AttributeName").asText(), description.path("TableArn").asText());
                tables.put(table, keys);
                return keys;
            }
        }
        return null;
    }

    private Reply forward(HttpExchange exchange, byte[] body) {
        return send(exchange, null, body);
    }

    /** Sends {@code body} to the engine with the client's headers (the target replaced when {@code operation} is set). */
    private Reply send(HttpExchange exchange, String operation, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().getRawPath()))
                .timeout(REQUEST_TIMEOUT)
                .method(operation == null ? exchange.getRequestMethod() : "POST", HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_HEADERS.contains(lower) && !(operation != null && lower.equals("x-amz-target"))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        if (operation != null) {
            request.header("X-Amz-Target", TARGET_PREFIX + operation);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    headers.put(name, values);
                }
            });
            return new Reply(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("DynamoDB Local at " + upstream + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding to DynamoDB Local", e);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private static ObjectNode parse(byte[] body) {
        try {
            return JSON.readTree(body) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null; // not JSON: the engine will say so
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isMissingNode() ? null : node.toString();
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
