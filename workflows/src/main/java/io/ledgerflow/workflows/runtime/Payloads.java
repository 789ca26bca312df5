package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.workflows.intrinsics.Intrinsic;
import io.ledgerflow.workflows.intrinsics.IntrinsicException;
import io.ledgerflow.workflows.intrinsics.Intrinsics;
import io.ledgerflow.workflows.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Input and output processing: InputPath, payload templates (Parameters, ResultSelector,
 * ItemSelector), ResultPath and OutputPath, and the payload size quota. Failures become the
 * StatesError AWS reports.
 */
public final class Payloads {

    /** AWS's payload quota: 256 KiB of UTF-8 for a state's input, result or output. */
    public static final int PAYLOAD_BYTES_MAX = 262_144;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHE_ENTRIES_MAX = 10_000; // compiled paths and calls; definitions are small
    private static final int CAUSE_INPUT_CHARS_MAX = 32_768; // a cause holds at most 32,768 characters on AWS

    private final Intrinsics intrinsics;
    private final Map<String, JsonPath> paths = new ConcurrentHashMap<>();
    private final Map<String, Intrinsic> calls = new ConcurrentHashMap<>();

    public Payloads(Intrinsics intrinsics) {
        this.intrinsics = intrinsics;
    }

    /** InputPath / OutputPath / ItemsPath without the context object (a {@code $$} path fails). */
    public JsonNode select(String path, JsonNode input, String state, String field) {
        return select(path, input, (JsonNode) null, field);
    }

    /**
     * InputPath / OutputPath / ItemsPath: {@code null} (JSON null) yields {}; a {@code $$} path reads
     * the context object; otherwise the selected value. A path that selects nothing fails the state
     * with AWS's (Jayway JsonPath's) wording.
     */
    public JsonNode select(String path, JsonNode input, JsonNode context, String field) {
        if (path == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if ("$".equals(path)) {
            return input;
        }
        boolean isContext = path.startsWith("$$");
        if (isContext && context == null) {
            throw StatesError.inState(ErrorNames.RUNTIME, "Invalid path '" + path + "' : the context object is not available for " + field);
        }
        try {
            return compile(isContext ? path.substring(1) : path).read(isContext ? context : input);
        } catch (JsonPath.PathNotFoundException e) {
            throw StatesError.inState(ErrorNames.RUNTIME, "Invalid path '" + path + "' : " + e.getMessage());
        } catch (JsonPath.InvalidPathException e) {
            throw StatesError.inState(ErrorNames.RUNTIME, "Invalid path '" + path + "' : " + e.getMessage());
        }
    }

    /** Evaluates a payload template against the input and the context object. */
    public JsonNode template(JsonNode template, JsonNode input, JsonNode context, String state) {
        if (template.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            template.forEach(e -> out.add(template(e, input, context, state)));
            return out;
        }
        if (!template.isObject()) {
            return template;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.endsWith(".$")) {
                out.set(key.substring(0, key.length() - 2), dynamic(key, e.getValue().asText(), input, context, state));
            } else {
                out.set(key, template(e.getValue(), input, context, state));
            }
        }
        return out;
    }

    /** A ".$" value, an ErrorPath or a CausePath: a path, a $$ context path or an intrinsic call. */
    public JsonNode dynamic(String field, String expression, JsonNode input, JsonNode context, String state) {
        if (Intrinsic.looksLikeCall(expression)) {
            try {
                Intrinsic call = calls.size() < CACHE_ENTRIES_MAX
                        ? calls.computeIfAbsent(expression, Intrinsic::parse) : Intrinsic.parse(expression);
                return intrinsics.evaluate(call, input, context);
            } catch (IntrinsicException e) {
                throw StatesError.inState(ErrorNames.INTRINSIC_FAILURE, "The function '" + expression + "' failed: " + e.getMessage());
            }
        }
        boolean isContext = expression.startsWith("$$");
        try {
            return compile(isContext ? expression.substring(1) : expression).read(isContext ? context : input);
        } catch (JsonPath.PathNotFoundException e) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The JSONPath '" + expression + "' specified for the field '" + field
                    + "' could not be found in the input '" + abbreviate(input) + "'");
        } catch (JsonPath.InvalidPathException e) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The value for the field '" + field + "' must be a valid JSONPath: "
                    + e.getMessage());
        }
    }

    /**
     * ResultPath: {@code "$"} replaces the input with the result, {@code null} keeps the raw
     * input and discards the result, a path places the result inside a copy of the raw input.
     */
    public JsonNode merge(String resultPath, JsonNode rawInput, JsonNode result, String state) {
        if (resultPath == null) {
            return rawInput;
        }
        if ("$".equals(resultPath)) {
            return result;
        }
        try {
            return compile(resultPath).put(rawInput, result);
        } catch (JsonPath.PathNotFoundException e) {
            throw StatesError.inState(ErrorNames.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + resultPath
                    + "' to input '" + abbreviate(rawInput) + "'");
        }
    }

    /**
     * Throws States.DataLimitExceeded when {@code payload} is over the 256 KiB quota. {@code source}
     * is what AWS names in the cause: the state, or for a task's result its resource (a Lambda
     * function ARN, or the service of an integration: 'lambda').
     */
    public static JsonNode checkSize(JsonNode payload, String source) {
        if (sizeBytes(payload) > PAYLOAD_BYTES_MAX) {
            throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, overQuota(source));
        }
        return payload;
    }

    /** AWS's States.DataLimitExceeded cause. */
    static String overQuota(String source) {
        return "The state/task '" + source + "' returned a result with a size exceeding the maximum number of bytes service limit.";
    }

    /** {@link #checkSize(JsonNode, String)}; {@code what} (input, result, output) is not part of AWS's cause. */
    public static JsonNode checkSize(JsonNode payload, String source, String what) {
        return checkSize(payload, source);
    }

    /** UTF-8 size of the payload's JSON, counted while serializing (no copy of the text is kept). */
    public static int sizeBytes(JsonNode payload) {
        var counter = new java.io.OutputStream() {
            long count;

            @Override
            public void write(int b) {
                count++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count += len;
            }
        };
        try {
            JSON.writeValue(counter, payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a JsonNode always serializes", e);
        }
        return (int) Math.min(Integer.MAX_VALUE, counter.count);
    }

    /** A compiled path (cached); {@link JsonPath.InvalidPathException} when the text is not a path. */
    public JsonPath compiled(String path) {
        return compile(path);
    }

    private JsonPath compile(String path) {
        return paths.size() < CACHE_ENTRIES_MAX ? paths.computeIfAbsent(path, JsonPath::compile) : JsonPath.compile(path);
    }

    /** The input as AWS quotes it in a cause, cut at AWS's cause length limit. */
    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() <= CAUSE_INPUT_CHARS_MAX ? s : s.substring(0, CAUSE_INPUT_CHARS_MAX) + "...";
    }
}
