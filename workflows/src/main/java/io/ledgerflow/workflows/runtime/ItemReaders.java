package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectStoreException;
import io.ledgerflow.core.objectstore.ObjectSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A Distributed Map's ItemReader: {@code s3:getObject} with CSV (FIRST_ROW or GIVEN headers,
 * a delimiter), JSON (an array) or JSONL, and {@code s3:listObjectsV2}. Items stream lazily, so
 * a large file is never held in memory whole.
 */
final class ItemReaders {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final long ITEMS_MAX = 100_000_000L; // AWS's Distributed Map item limit

    private ItemReaders() {}

    /** Opens the items; the caller closes the stream. {@code parameters} are already evaluated. */
    static Stream<JsonNode> open(JsonNode reader, JsonNode parameters, ObjectStore store, long maxItems, String state) {
        String resource = reader.path("Resource").asText();
        String bucket = parameters.path("Bucket").asText(null);
        if (bucket == null) {
            throw failed(state, "ItemReader.Parameters needs a Bucket");
        }
        Stream<JsonNode> items = resource.endsWith("listObjectsV2")
                ? list(store, bucket, parameters.path("Prefix").asText(""), state)
                : object(reader.path("ReaderConfig"), store, bucket, parameters.path("Key").asText(null), state);
        return items.limit(Math.min(maxItems, ITEMS_MAX));
    }

    private static Stream<JsonNode> object(JsonNode config, ObjectStore store, String bucket, String key, String state) {
        if (key == null) {
            throw failed(state, "ItemReader.Parameters needs a Key for s3:getObject");
        }
        InputStream in;
        try {
            in = store.open(bucket, key);
        } catch (ObjectStoreException e) {
            throw failed(state, e.getMessage());
        }
        String type = config.path("InputType").asText("JSON");
        Stream<JsonNode> items = switch (type) {
            case "CSV" -> csv(config, in, state);
            case "JSONL" -> jsonl(in, state);
            default -> jsonArray(in, state);
        };
        return items.onClose(() -> closeQuietly(in));
    }

    private static Stream<JsonNode> csv(JsonNode config, InputStream in, String state) {
        char delimiter = switch (config.path("CSVDelimiter").asText("COMMA")) {
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "SPACE" -> ' ';
            case "TAB" -> '\t';
            default -> ',';
        };
        CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator(delimiter).skipEmptyLines(true)
                .allowExtraFields(true).allowMissingFields(true).detectBomHeader(true).ofCsvRecord(in, StandardCharsets.UTF_8);
        Iterator<CsvRecord> records = csv.iterator();
        List<String> headers = new ArrayList<>();
        if ("GIVEN".equals(config.path("CSVHeaderLocation").asText("FIRST_ROW"))) {
            config.path("CSVHeaders").forEach(h -> headers.add(h.asText()));
        } else if (records.hasNext()) {
            headers.addAll(guard(state, records::next).getFields());
        }
        if (headers.stream().distinct().count() < headers.size()) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, "CSV headers cannot contain duplicates.");
        }
        String[] names = headers.toArray(String[]::new);
        Iterator<JsonNode> rows = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return guard(state, records::hasNext);
            }

            @Override
            public JsonNode next() {
                return row(names, guard(state, records::next), state);
            }
        };
        return stream(rows).onClose(() -> closeQuietly(csv));
    }

    /** As AWS reads a row: fields past the header's are dropped, missing ones are empty strings. */
    private static JsonNode row(String[] names, CsvRecord r, String state) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < names.length; i++) {
            o.put(names[i], i < r.getFieldCount() ? r.getField(i) : ""); // CSV values stay strings, as AWS passes them
        }
        return o;
    }

    private static Stream<JsonNode> jsonArray(InputStream in, String state) {
        JsonNode array;
        try {
            array = JSON.readTree(in);
        } catch (IOException e) {
            throw failed(state, "the object is not valid JSON: " + e.getMessage());
        }
        if (array == null || !array.isArray()) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, "Attempting to map over non-iterable node."); // AWS's cause
        }
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static Stream<JsonNode> jsonl(InputStream in, String state) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return lines.lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw failed(state, "a JSONL line is not valid JSON: " + e.getMessage());
            }
        });
    }

    /** listObjectsV2: one item per object, in key order, read page by page. */
    private static Stream<JsonNode> list(ObjectStore store, String bucket, String prefix, String state) {
        Iterator<JsonNode> it = new Iterator<>() {
            private List<ObjectSummary> page = List.of();
            private int i;
            private String after;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (i < page.size()) {
                    return true;
                }
                if (done) {
                    return false;
                }
                try {
                    page = store.list(bucket, prefix, after, ObjectStore.LIST_KEYS_MAX);
                } catch (ObjectStoreException e) {
                    throw failed(state, e.getMessage());
                }
                i = 0;
                done = page.size() < ObjectStore.LIST_KEYS_MAX;
                after = page.isEmpty() ? after : page.get(page.size() - 1).key();
                return !page.isEmpty();
            }

            @Override
            public JsonNode next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ObjectSummary o = page.get(i++);
                return JsonNodeFactory.instance.objectNode().put("Etag", o.etag()).put("Key", o.key())
                        .put("LastModified", o.lastModified().getEpochSecond()).put("Size", o.size())
                        .put("StorageClass", "STANDARD");
            }
        };
        return stream(it);
    }

    private static <T> Stream<T> stream(Iterator<T> it) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
    }

    private static <T> T guard(String state, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (UncheckedIOException | de.siegmar.fastcsv.reader.CsvParseException e) {
            throw failed(state, "cannot read the CSV object: " + e.getMessage());
        }
    }

    static StatesError failed(String state, String why) {
        return new StatesError(ErrorNames.ITEM_READER_FAILED, "state '" + state + "': " + why);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing a read-only source: nothing to recover, the items were already read.
        }
    }
}
