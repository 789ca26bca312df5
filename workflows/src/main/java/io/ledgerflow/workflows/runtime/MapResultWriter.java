package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.objectstore.ObjectStoreException;
import io.ledgerflow.workflows.asl.State;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * ResultWriter: writes {@code <Prefix>/<map run id>/manifest.json} plus {@code SUCCEEDED_0.json}
 * and {@code FAILED_0.json} (AWS's layout), and returns the Map's output that points to them.
 * Without a ResultWriter the output is the array of child outputs.
 */
final class MapResultWriter {

    private final Engine engine;
    private final State.MapState m;
    private final Interpreter interpreter;

    MapResultWriter(Engine engine, State.MapState m, Interpreter interpreter) {
        this.engine = engine;
        this.m = m;
        this.interpreter = interpreter;
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
        put(bucket, base + "manifest.json", manifest.toString());
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("MapRunArn", mapRunArn);
        out.putObject("ResultWriterDetails").put("Bucket", bucket).put("Key", base + "manifest.json");
        return out;
    }

    private ArrayNode file(String bucket, String key, List<ChildResult> children, boolean succeeded, String mapRunArn) {
        StringBuilder json = new StringBuilder("[");
        boolean first = true;
        for (ChildResult c : children) {
            if (c.succeeded() != succeeded) {
                continue;
            }
            json.append(first ? "" : ",").append(entry(c, mapRunArn));
            first = false;
        }
        json.append(']');
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        if (!first) {
            long size = put(bucket, key, json.toString());
            list.addObject().put("Key", key).put("Size", size);
        }
        return list;
    }

    private static String entry(ChildResult c, String mapRunArn) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("ExecutionArn", mapRunArn.replace(":mapRun:", ":execution:") + ":" + c.index());
        e.put("Input", c.input());
        e.putObject("InputDetails").put("Included", true);
        e.put("Name", String.valueOf(c.index()));
        if (c.succeeded()) {
            e.put("Output", c.output().toString());
            e.putObject("OutputDetails").put("Included", true);
        } else {
            e.put("Error", c.error()).put("Cause", c.cause());
        }
        e.put("Status", c.status());
        return e.toString();
    }

    private long put(String bucket, String key, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            engine.objectStore().put(bucket, key, bytes);
            return bytes.length;
        } catch (ObjectStoreException e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "state '" + m.name() + "': " + e.getMessage());
        }
    }
}
