package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.objectstore.ObjectStoreException;
import io.ledgerflow.workflows.asl.State;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * ResultWriter: writes {@code <Prefix>/<map run id>/manifest.json} plus {@code SUCCEEDED_0.json}
 * and {@code FAILED_0.json} (AWS's layout), and returns the Map's output that points to them.
 * Without a ResultWriter the output is the array of child outputs.
 */
final class MapResultWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final State.MapState m;
    MapResultWriter(Engine engine, State.MapState m) {
        this.engine = engine;
        this.m = m;
    }

    JsonNode write(String mapRunArn, MapRunOutcome outcome, JsonNode effective, JsonNode ctx) {
        JsonNode writer = m.resultWriter();
        if (writer == null) {
            return outcome.outputs();
        }
        if (writer.has("WriterConfig")) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + m.name() + "': ResultWriter.WriterConfig (output "
                    + "transformation) is not supported by the embedded runtime");
        }
        JsonNode params = engine.payloads().template(writer.path("Parameters"), effective, ctx, m.name());
        String bucket = params.path("Bucket").asText(null);
        if (bucket == null) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "state '" + m.name() + "': ResultWriter.Parameters needs a Bucket");
        }
        String prefix = params.path("Prefix").asText("");
        String base = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/")
                + mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1) + "/";
        ObjectNode manifest = JsonNodeFactory.instance.objectNode().put("DestinationBucket", bucket).put("MapRunArn", mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        files.set("FAILED", file(bucket, base + "FAILED_0.json", outcome.children(), false, mapRunArn));
        files.putArray("PENDING");
        files.set("SUCCEEDED", file(bucket, base + "SUCCEEDED_0.json", outcome.children(), true, mapRunArn));
        put(bucket, base + "manifest.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("MapRunArn", mapRunArn);
        out.putObject("ResultWriterDetails").put("Bucket", bucket).put("Key", base + "manifest.json");
        return out;
    }

    /** Writes one result file by joining the entries the children rendered. */
    private ArrayNode file(String bucket, String key, List<ChildResult> children, boolean succeeded, String mapRunArn) {
        List<byte[]> parts = new java.util.ArrayList<>();
        long size = 2;
        for (ChildResult c : children) {
            if (c.succeeded() == succeeded) {
                byte[] entry = c.entry() != null ? c.entry() : render(c, mapRunArn);
                parts.add(entry);
                size += entry.length + 1;
            }
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "state '" + m.name() + "': result file over 2 GiB; "
                    + "AWS splits files at 5 GB, this runtime writes one file per status");
        }
        // Sized once: these files reach tens of MB, and growing a buffer copies them again and again.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) size);
        bytes.write('[');
        int entries = 0;
        for (byte[] entry : parts) {
            if (entries++ > 0) {
                bytes.write(',');
            }
            bytes.writeBytes(entry);
        }
        bytes.write(']');
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        if (entries > 0) {
            long written = put(bucket, key, bytes.toByteArray());
            list.addObject().put("Key", key).put("Size", written);
        }
        return list;
    }

    /** One child's entry in SUCCEEDED_n.json / FAILED_n.json, as UTF-8 JSON. */
    static byte[] render(ChildResult c, String mapRunArn) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(c.input().length + 512);
        try (JsonGenerator g = JSON.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("ExecutionArn", LocalStepFunctions.MapChild.arn(mapRunArn, c.index()));
            g.writeFieldName("Input");
            g.writeUTF8String(c.input(), 0, c.input().length); // escapes straight from the UTF-8 bytes
            g.writeObjectFieldStart("InputDetails");
            g.writeBooleanField("Included", true);
            g.writeEndObject();
            g.writeStringField("Name", String.valueOf(c.index()));
            if (c.succeeded()) {
                g.writeStringField("Output", c.output().toString());
                g.writeObjectFieldStart("OutputDetails");
                g.writeBooleanField("Included", true);
                g.writeEndObject();
            } else if (c.failed()) {
                g.writeStringField("Error", c.error());
                g.writeStringField("Cause", c.cause());
            } // an ABORTED child has neither: Step Functions stopped it
            g.writeStringField("Status", c.status());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private long put(String bucket, String key, byte[] bytes) {
        try {
            engine.objectStore().put(bucket, key, bytes);
            return bytes.length;
        } catch (ObjectStoreException e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "state '" + m.name() + "': " + e.getMessage());
        }
    }
}
