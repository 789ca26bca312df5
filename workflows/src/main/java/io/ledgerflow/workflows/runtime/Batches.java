package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Groups selected items into child inputs: one item per child without an ItemBatcher, else
 * {@code {"BatchInput":..., "Items":[...]}} bounded by MaxItemsPerBatch and MaxInputBytesPerBatch
 * (never over the 256 KiB payload quota).
 */
final class Batches implements Iterator<Batches.Batch> {

    /** A child's input, its UTF-8 JSON (for the size check and the ResultWriter) and its item count. */
    record Batch(JsonNode input, byte[] serialized, int itemCount) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int ITEMS_PER_BATCH_MAX = 100_000_000;

    private final Iterator<JsonNode> items;
    private final boolean batching;
    private final int itemsMax;
    private final int bytesMax;
    private final JsonNode batchInput;
    private final byte[] batchInputJson;
    private JsonNode pending; // an item that did not fit the previous batch

    /** Without batching: one child per item. */
    Batches(Iterator<JsonNode> items) {
        this(items, false, 1, Payloads.PAYLOAD_BYTES_MAX, null);
    }

    Batches(Iterator<JsonNode> items, boolean batching, int itemsMax, int bytesMax, JsonNode batchInput) {
        this.items = items;
        this.batching = batching;
        this.itemsMax = Math.min(Math.max(itemsMax, 1), ITEMS_PER_BATCH_MAX);
        this.bytesMax = Math.min(bytesMax, Payloads.PAYLOAD_BYTES_MAX);
        this.batchInput = batchInput;
        this.batchInputJson = batchInput == null ? null : bytes(batchInput);
    }

    @Override
    public boolean hasNext() {
        return pending != null || items.hasNext();
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (!batching) {
            JsonNode item = take();
            return new Batch(item, bytes(item), 1);
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        // Build the UTF-8 JSON alongside: each item is serialized once, for its size and for the ResultWriter.
        ByteArrayOutputStream json = new ByteArrayOutputStream(8_192);
        json.writeBytes(batchInputJson == null ? ITEMS_OPEN : concat(BATCH_INPUT_OPEN, batchInputJson, ITEMS_AFTER_BATCH_INPUT));
        int bytes = json.size() + 2;
        while (array.size() < itemsMax && hasNext()) {
            JsonNode item = take();
            byte[] b = bytes(item);
            if (array.size() > 0 && bytes + b.length + 1 > bytesMax) {
                pending = item;
                break;
            }
            if (array.size() > 0) {
                json.write(',');
            }
            json.writeBytes(b);
            bytes += b.length + 1;
            array.add(item);
        }
        json.writeBytes(CLOSE);
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        if (batchInput != null) {
            input.set("BatchInput", batchInput);
        }
        input.set("Items", array);
        return new Batch(input, json.toByteArray(), array.size());
    }

    private static final byte[] ITEMS_OPEN = "{\"Items\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCH_INPUT_OPEN = "{\"BatchInput\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ITEMS_AFTER_BATCH_INPUT = ",\"Items\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length + c.length);
        out.writeBytes(a);
        out.writeBytes(b);
        out.writeBytes(c);
        return out.toByteArray();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode always serializes", e);
        }
    }

    private JsonNode take() {
        if (pending != null) {
            JsonNode p = pending;
            pending = null;
            return p;
        }
        return items.next();
    }
}
