package io.ledgerflow.core.partition;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A partition as an object-store document: JSON, so that fields holding commas, quotes and line
 * breaks travel without a second round of CSV quoting. Internal to a run; not a contract format.
 *
 * <p>Written gzipped, each row a compact array {@code [line, duplicate, [fields...]]}:
 * {@code {"index":7,"header":[...],"rows":[[9999,false,["B-1","INV-1",...]],...]}}. Every byte of
 * a partition is hashed several times on its way through S3 (the SDK signs the body, S3Proxy checks
 * the signature and computes the ETag) and written to disk; the gzipped compact form is about a
 * seventh of the former one-object-per-row JSON (BENCHMARKS.md, daily workflow). Still read: the
 * former ungzipped form {@code {"rows":[{"line":..,"duplicate":..,"fields":[..]}]}}, which a
 * redriven run of an older version may hold.
 */
public final class PartitionJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    /** Partitions are written once and read once: the fastest level, not the smallest output. */
    private static final int GZIP_LEVEL = Deflater.BEST_SPEED;
    private static final int GZIP_BUFFER_BYTES = 64 * 1024;

    private PartitionJson() {}

    /** The former form (one object per row, not gzipped): read only. */
    record Document(int index, List<String> header, List<Row> rows) {}

    record Row(long line, boolean duplicate, String[] fields) {}

    public static byte[] write(Partition partition) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(partition.rows().size() * 24 + 1024);
        try (OutputStream gzip = new FastGzipOutputStream(bytes);
                JsonGenerator out = FACTORY.createGenerator(gzip)) {
            out.writeStartObject();
            out.writeNumberField("index", partition.index());
            out.writeArrayFieldStart("header");
            for (String name : partition.header()) {
                out.writeString(name);
            }
            out.writeEndArray();
            out.writeArrayFieldStart("rows");
            for (PartitionRow row : partition.rows()) {
                out.writeStartArray();
                out.writeNumber(row.lineNumber());
                out.writeBoolean(row.duplicateBillingId());
                out.writeStartArray();
                for (String field : row.fields()) {
                    out.writeString(field);
                }
                out.writeEndArray();
                out.writeEndArray();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Partition read(InputStream in, String source) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, GZIP_BUFFER_BYTES);
            buffered.mark(2);
            int first = buffered.read();
            int second = buffered.read();
            buffered.reset();
            if (first != (GZIPInputStream.GZIP_MAGIC & 0xff) || second != (GZIPInputStream.GZIP_MAGIC >>> 8)) {
                return readFormer(buffered);
            }
            try (JsonParser parser = FACTORY.createParser(new GZIPInputStream(buffered, GZIP_BUFFER_BYTES))) {
                return readCompact(parser, source);
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not a ledgerflow partition: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static Partition readCompact(JsonParser in, String source) throws IOException {
        expect(in, JsonToken.START_OBJECT, source);
        Integer index = null;
        List<String> header = null;
        List<PartitionRow> rows = null;
        for (JsonToken token = in.nextToken(); token != JsonToken.END_OBJECT; token = in.nextToken()) {
            if (token != JsonToken.FIELD_NAME) {
                throw notAPartition(source, "a field name expected, found " + token);
            }
            String name = in.currentName();
            switch (name) {
                case "index" -> {
                    expect(in, JsonToken.VALUE_NUMBER_INT, source);
                    index = in.getIntValue();
                }
                case "header" -> header = strings(in, source);
                case "rows" -> rows = rows(in, source);
                default -> throw notAPartition(source, "unknown field " + name);
            }
        }
        if (index == null || header == null || rows == null) {
            throw notAPartition(source, "index, header and rows are required");
        }
        return new Partition(index, header, rows);
    }

    private static List<PartitionRow> rows(JsonParser in, String source) throws IOException {
        expect(in, JsonToken.START_ARRAY, source);
        List<PartitionRow> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>(16);
        for (JsonToken token = in.nextToken(); token != JsonToken.END_ARRAY; token = in.nextToken()) {
            if (token != JsonToken.START_ARRAY) {
                throw notAPartition(source, "a row array expected, found " + token);
            }
            expect(in, JsonToken.VALUE_NUMBER_INT, source);
            long line = in.getLongValue();
            JsonToken duplicate = in.nextToken();
            if (duplicate != JsonToken.VALUE_TRUE && duplicate != JsonToken.VALUE_FALSE) {
                throw notAPartition(source, "a boolean expected, found " + duplicate);
            }
            expect(in, JsonToken.START_ARRAY, source);
            fields.clear();
            for (JsonToken field = in.nextToken(); field != JsonToken.END_ARRAY; field = in.nextToken()) {
                fields.add(field == JsonToken.VALUE_NULL ? null : in.getValueAsString());
            }
            expect(in, JsonToken.END_ARRAY, source);
            rows.add(new PartitionRow(line, duplicate == JsonToken.VALUE_TRUE, fields.toArray(String[]::new)));
        }
        return rows;
    }

    private static List<String> strings(JsonParser in, String source) throws IOException {
        expect(in, JsonToken.START_ARRAY, source);
        List<String> values = new ArrayList<>();
        for (JsonToken token = in.nextToken(); token != JsonToken.END_ARRAY; token = in.nextToken()) {
            values.add(in.getValueAsString());
        }
        return values;
    }

    private static void expect(JsonParser in, JsonToken expected, String source) throws IOException {
        JsonToken token = in.nextToken();
        if (token != expected) {
            throw notAPartition(source, expected + " expected, found " + token);
        }
    }

    private static IllegalArgumentException notAPartition(String source, String why) {
        return new IllegalArgumentException(source + " is not a ledgerflow partition: " + why);
    }

    private static Partition readFormer(InputStream in) throws IOException {
        Document doc = JSON.readValue(in, Document.class);
        List<PartitionRow> rows = doc.rows().stream()
                .map(r -> new PartitionRow(r.line(), r.duplicate(), r.fields()))
                .toList();
        return new Partition(doc.index(), doc.header(), rows);
    }

    /** gzip at {@link #GZIP_LEVEL}: GZIPOutputStream has no constructor that takes a level. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, GZIP_BUFFER_BYTES);
            def.setLevel(GZIP_LEVEL);
        }
    }
}
