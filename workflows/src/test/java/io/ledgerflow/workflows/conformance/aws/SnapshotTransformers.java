package io.ledgerflow.workflows.conformance.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of LocalStack's snapshot transformers that touched the recordings used here, applied
 * to this runtime's results so that they compare with what was recorded: literal replacements
 * (ARNs, names, generated values: a RegexTransformer each), fields masked by name (a
 * JsonpathTransformer {@code $..Name} each), and the snapshot fixture's basic transformers for
 * Step Functions (ISO 8601 strings become "date", values of keys containing "timestamp" become
 * "timestamp", a JSON document quoted in a "cause" becomes "&lt;json-input:N&gt;").
 */
final class SnapshotTransformers {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** localstack_snapshot's PATTERN_ISO8601. */
    private static final Pattern ISO_8601 = Pattern.compile("(?:[1-9]\\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])"
            + "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\\d(?:0[48]|[2468][048]|[13579][26])"
            + "|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?"
            + "(?:Z|[+-][01]\\d:?([0-5]\\d)?)");
    private static final Pattern TIMESTAMP_KEY = Pattern.compile("^.*timestamp.*$", Pattern.CASE_INSENSITIVE);
    /** transformer_utility._transform_stepfunctions_cause_details: {@code .*'({.*})'}. */
    private static final Pattern CAUSE_JSON = Pattern.compile(".*'(\\{.*})'");
    /** The Step Functions snapshot fixture's {@code RegexTransformer("Request ID: [a-zA-Z0-9-]+", ...)}. */
    private static final Pattern REQUEST_ID = Pattern.compile("Request ID: [a-zA-Z0-9-]+");
    private static final Pattern MAP_RUN_ARN = Pattern.compile(":mapRun:[^/\"]+/[^:\"]+:([0-9a-f-]{36})");
    private static final Pattern JSON_INPUT_REFERENCE = Pattern.compile("<json-input:\\d+>");
    /** History event ids: this runtime numbers its own events, which are not AWS's event types. */
    private static final Pattern EVENT_ID = Pattern.compile("\\(entered at the event id #\\d+\\)");

    private final Map<String, String> literals; // in order: value -> placeholder
    private final Map<String, String> masks; // field name -> replacement

    SnapshotTransformers(Map<String, String> literals, Map<String, String> masks) {
        this.literals = new LinkedHashMap<>(literals);
        this.masks = Map.copyOf(masks);
    }

    /**
     * An output or input document, as the recording shows it. A Map Run ARN's run id becomes
     * {@code <MapRunArnPart1_0idx>} wherever it appears (LocalStack's {@code sfn_map_run_arn}).
     */
    JsonNode document(JsonNode node) {
        Matcher run = MAP_RUN_ARN.matcher(node.toString());
        if (run.find()) {
            literals.put(run.group(1), "<MapRunArnPart1_0idx>");
        }
        return transform(null, node.deepCopy());
    }

    /**
     * A failure's cause, as the recording shows it; a quoted JSON document becomes
     * {@code <json-input>} (its reference number is dropped on both sides by {@link #recordedCause}).
     */
    String cause(String cause) {
        if (cause == null) {
            return null;
        }
        String text = string(cause);
        Matcher m = CAUSE_JSON.matcher(text);
        if (m.lookingAt() && isJson(m.group(1))) {
            text = text.substring(0, m.start(1)) + "<json-input>" + text.substring(m.end(1));
        }
        return eventId(text);
    }

    /** A recorded cause with its {@code <json-input:N>} reference number and event id dropped. */
    static String recordedCause(String cause) {
        return cause == null ? null : eventId(JSON_INPUT_REFERENCE.matcher(cause).replaceAll("<json-input>"));
    }

    private static String eventId(String cause) {
        return EVENT_ID.matcher(cause).replaceAll("(entered at the event id #<id>)");
    }

    /** The recording with the same fields masked (values no run can reproduce: HTTP metadata, request ids). */
    JsonNode masked(JsonNode recorded) {
        return mask(null, recorded.deepCopy());
    }

    private JsonNode mask(String key, JsonNode node) {
        if (key != null && masks.containsKey(key)) {
            return JsonNodeFactory.instance.textNode(masks.get(key));
        }
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> e.setValue(mask(e.getKey(), e.getValue())));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, mask(null, a.get(i)));
            }
        }
        return node;
    }

    private JsonNode transform(String key, JsonNode node) {
        if (key != null && masks.containsKey(key)) {
            return JsonNodeFactory.instance.textNode(masks.get(key));
        }
        if (node instanceof ObjectNode o) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(string(e.getKey()), transform(e.getKey(), e.getValue()));
            }
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(e -> out.add(transform(null, e)));
            return out;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return JsonNodeFactory.instance.textNode(isTimestampKey(key, text) ? "timestamp" : string(text));
        }
        if (node.isValueNode() && !node.isNull() && isTimestampKey(key, node.asText())) {
            return JsonNodeFactory.instance.textNode("timestamp");
        }
        return node;
    }

    private static boolean isTimestampKey(String key, String value) {
        return key != null && TIMESTAMP_KEY.matcher(key).matches() && !ISO_8601.matcher(value).lookingAt();
    }

    private String string(String s) {
        String out = s;
        for (Map.Entry<String, String> e : literals.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        out = REQUEST_ID.matcher(out).replaceAll("Request ID: <request_id>");
        return ISO_8601.matcher(out).replaceAll("date");
    }

    private static boolean isJson(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
