package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
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
    private byte[] pendingBytes; // its JSON, when batching

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
        return batch();
    }

    /** A batch: items are written once, straight into the batch's JSON, and measured there. */
    private Batch batch() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        Buffer json = new Buffer();
        json.writeBytes(batchInputJson == null ? ITEMS_OPEN : concat(BATCH_INPUT_OPEN, batchInputJson, ITEMS_AFTER_BATCH_INPUT));
        int closeBytes = CLOSE.length;
        try (JsonGenerator g = JSON.getFactory().createGenerator(json)) {
            g.setRootValueSeparator(null);
            while (array.size() < itemsMax && hasNext()) {
                int mark = json.size();
                if (array.size() > 0) {
                    json.write(',');
                }
                JsonNode item = takeInto(json, g);
                if (array.size() > 0 && json.size() + closeBytes > bytesMax) {
                    pendingBytes = json.copy(mark + 1); // keep its JSON: the next batch starts with it
                    pending = item;
                    json.truncate(mark);
                    break;
                }
                array.add(item);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
        json.writeBytes(CLOSE);
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        if (batchInput != null) {
            input.set("BatchInput", batchInput);
        }
        input.set("Items", array);
        return new Batch(input, json.toByteArray(), array.size());
    }

    /** Takes the next item and appends its JSON (kept from a previous batch, or written now). */
    private JsonNode takeInto(Buffer json, JsonGenerator g) throws IOException {
        if (pending != null) {
            JsonNode p = pending;
            json.writeBytes(pendingBytes);
            pending = null;
            pendingBytes = null;
            return p;
        }
        JsonNode item = items.next();
        JSON.writeTree(g, item);
        g.flush();
        return item;
    }

    /** A byte buffer that can drop what was written after a mark. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(16_384);
        }

        void truncate(int size) {
            count = size;
        }

        byte[] copy(int from) {
            return java.util.Arrays.copyOfRange(buf, from, count);
        }
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
