package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Groups selected items into child inputs: one item per child without an ItemBatcher, else
 * {@code {"BatchInput":..., "Items":[...]}} bounded by MaxItemsPerBatch and MaxInputBytesPerBatch
 * (never over the 256 KiB payload quota).
 */
final class Batches implements Iterator<Batches.Batch> {

    /** A child's input, its serialized form (for size checks and the ResultWriter) and its item count. */
    record Batch(JsonNode input, String serialized, int itemCount) {}

    private static final int ITEMS_PER_BATCH_MAX = 100_000_000;

    private final Iterator<JsonNode> items;
    private final boolean batching;
    private final int itemsMax;
    private final int bytesMax;
    private final JsonNode batchInput;
    private final String batchInputJson;
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
        this.batchInputJson = batchInput == null ? null : batchInput.toString();
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
            return new Batch(item, item.toString(), 1);
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        // Build the serialized form alongside: each item is serialized once, for size and for the ResultWriter.
        StringBuilder json = new StringBuilder(batchInputJson == null ? "{\"Items\":[" : "{\"BatchInput\":" + batchInputJson + ",\"Items\":[");
        int bytes = utf8Bytes(json.toString()) + 2;
        while (array.size() < itemsMax && hasNext()) {
            JsonNode item = take();
            String s = item.toString();
            int size = utf8Bytes(s) + 1;
            if (array.size() > 0 && bytes + size > bytesMax) {
                pending = item;
                break;
            }
            if (array.size() > 0) {
                json.append(',');
            }
            json.append(s);
            bytes += size;
            array.add(item);
        }
        json.append("]}");
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        if (batchInput != null) {
            input.set("BatchInput", batchInput);
        }
        input.set("Items", array);
        return new Batch(input, json.toString(), array.size());
    }

    static int utf8Bytes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 bytes
        }
        return n;
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
