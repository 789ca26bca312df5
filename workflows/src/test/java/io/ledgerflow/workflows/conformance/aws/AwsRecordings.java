package io.ledgerflow.workflows.conformance.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code conformance/aws/cases.json} (which recorded LocalStack tests to run, and how
 * their Python code built each definition and input) with the templates and trimmed snapshots
 * copied next to it, and turns every recorded execution into a {@link RecordedCase}.
 */
final class AwsRecordings {

    static final String ROOT = "conformance/aws/";
    static final String STATE_MACHINE_NAME = "ConformanceStateMachine";
    private static final String TEST_PREFIX = "tests/aws/services/stepfunctions/v2/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** json5 as LocalStack's templates use it: comments and trailing commas. */
    private static final ObjectMapper JSON5 = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build());
    private static final int CASES_MAX = 10_000;

    private final Instant now;
    private int executions;

    /** @param now the runtime clock's instant: "now" placeholders (Wait timestamps) are computed from it */
    AwsRecordings(Instant now) {
        this.now = now;
    }

    List<RecordedCase> load() {
        JsonNode manifest = read(ROOT + "cases.json", JSON);
        List<RecordedCase> out = new ArrayList<>();
        Map<String, JsonNode> snapshots = new LinkedHashMap<>();
        for (JsonNode c : manifest.get("cases")) {
            String test = c.get("test").asText();
            String snapshotPath = test.substring(0, test.indexOf("::")).replace(".py", ".snapshot.json");
            JsonNode snapshot = snapshots.computeIfAbsent(snapshotPath, p -> read(ROOT + "localstack/" + p, JSON));
            JsonNode recorded = snapshot.get(test);
            if (recorded == null) {
                throw new IllegalStateException("no recording of " + test + " in " + snapshotPath);
            }
            List<RecordedCase> found = cases(c, test, recorded.get("recorded-content"));
            if (found.isEmpty()) {
                throw new IllegalStateException("no recorded execution selected in " + test);
            }
            out.addAll(found);
            if (out.size() > CASES_MAX) {
                throw new IllegalStateException("more than " + CASES_MAX + " cases");
            }
        }
        return out;
    }

    private List<RecordedCase> cases(JsonNode c, String test, JsonNode content) {
        List<RecordedCase> out = new ArrayList<>();
        String shortName = test.startsWith(TEST_PREFIX) ? test.substring(TEST_PREFIX.length()) : test;
        if (content.has("cases")) { // choice operators: one definition per case, {"input", "output"} each
            JsonNode list = content.get("cases");
            for (int i = 0; i < list.size(); i++) {
                JsonNode input = c.has("inputs") ? c.get("inputs").get(i) : list.get(i).get("input");
                out.add(recordedCase(c, content, shortName + " cases[" + i + "]", input, list.get(i).get("input"),
                        new RecordedCase.Succeeded(list.get(i).get("output")), 0));
            }
            return out;
        }
        int index = 0;
        List<String> only = new ArrayList<>();
        c.path("recordings").forEach(r -> only.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (!only.isEmpty() && !only.contains(e.getKey())) {
                continue;
            }
            if (e.getKey().equals("describe_execution") && !only.isEmpty()) {
                out.add(recordedCase(c, content, shortName + " " + e.getKey(), value.get("input"), value.get("input"),
                        new RecordedCase.Ended(value.get("status").asText()), 0));
            } else if (e.getKey().equals("exception")) {
                out.add(recordedCase(c, content, shortName + " " + e.getKey(), JsonNodeFactory.instance.objectNode(),
                        JsonNodeFactory.instance.objectNode(),
                        new RecordedCase.Rejected(value.get("exception_value").asText()), 0));
            } else if (value.has("events")) {
                JsonNode events = value.get("events");
                JsonNode started = events.get(0).get("executionStartedEventDetails");
                JsonNode recordedInput = eventDocument(started.get("input"));
                JsonNode input = c.has("input") ? c.get("input") : recordedInput;
                out.add(recordedCase(c, content, shortName + " " + e.getKey(), input, recordedInput,
                        expected(events.get(events.size() - 1)), executionIndex(e.getKey(), index)));
                index++;
            }
        }
        return out;
    }

    /**
     * An event's input or output is JSON text; the snapshot shows it parsed only when it is an
     * object, and as the text otherwise (an array, a string, a number).
     */
    private static JsonNode eventDocument(JsonNode recorded) {
        if (!recorded.isTextual()) {
            return recorded;
        }
        try {
            return JSON.readTree(recorded.textValue());
        } catch (IOException e) {
            throw new IllegalStateException("recorded event document is not JSON: " + recorded, e);
        }
    }

    /** create_and_test_on_inputs names the i-th execution exec_hist_resp_i (and its ARN part ExecArnPart_i). */
    private static int executionIndex(String key, int position) {
        return key.matches("exec_hist_resp_\\d+") ? Integer.parseInt(key.substring("exec_hist_resp_".length())) : position;
    }

    private static RecordedCase.Expected expected(JsonNode terminal) {
        return switch (terminal.get("type").asText()) {
            case "ExecutionSucceeded" -> new RecordedCase.Succeeded(eventDocument(terminal.get("executionSucceededEventDetails").get("output")));
            case "ExecutionFailed" -> {
                JsonNode d = terminal.get("executionFailedEventDetails");
                yield new RecordedCase.Failed(d.path("error").asText(null), d.path("cause").asText(null));
            }
            default -> throw new IllegalStateException("recording ends with " + terminal.get("type") + ", not a terminal event");
        };
    }

    private RecordedCase recordedCase(JsonNode c, JsonNode content, String name, JsonNode givenInput, JsonNode recordedInput,
                                      RecordedCase.Expected expected, int executionIndex) {
        Map<String, String> values = placeholderValues(c.path("placeholders"));
        String definition = definition(c, content, givenInput);
        JsonNode input = givenInput;
        for (Map.Entry<String, String> v : values.entrySet()) {
            definition = definition.replace(v.getKey(), v.getValue());
            input = replaceInStrings(input, v.getKey(), v.getValue());
        }
        String executionName = "conformance-" + (++executions);
        Map<String, String> literals = new LinkedHashMap<>();
        values.forEach((placeholder, value) -> literals.put(value, placeholder));
        literals.put("arn:aws:iam::000000000000:role/ledgerflow-local", "snf_role_arn");
        literals.put("arn:aws:states:" + io.ledgerflow.workflows.runtime.StatesArns.DEFAULT_REGION + ":000000000000:", "arn:<partition>:states:<region>:111111111111:");
        literals.put("arn:aws:lambda:us-east-1:111111111111:", "arn:<partition>:lambda:<region>:111111111111:");
        literals.put("arn:aws:lambda:local:000000000000:", "arn:<partition>:lambda:<region>:111111111111:");
        literals.put(STATE_MACHINE_NAME, "<ArnPart_0idx>");
        literals.put(executionName, "<ExecArnPart_" + executionIndex + "idx>");
        Map<String, String> masks = new LinkedHashMap<>();
        c.path("mask").fields().forEachRemaining(m -> masks.put(m.getKey(), m.getValue().asText()));
        Map<String, String> functions = new LinkedHashMap<>();
        c.path("functions").fields().forEachRemaining(f -> functions.put(f.getKey(), f.getValue().asText()));
        Map<String, String> objects = new LinkedHashMap<>();
        c.path("objects").fields().forEachRemaining(o -> {
            String where = o.getKey();
            for (Map.Entry<String, String> v : values.entrySet()) {
                where = where.replace(v.getKey(), v.getValue());
            }
            objects.put(where, o.getValue().asText());
        });
        return new RecordedCase(name, definition, input, recordedInput, expected,
                new SnapshotTransformers(literals, masks), functions, objects, executionName);
    }

    /**
     * As the Python test: load the template (or take the definition the test code wrote, or the one
     * a recorded DescribeStateMachine shows), set fields, json.dumps, then replace text.
     */
    private static String definition(JsonNode c, JsonNode content, JsonNode input) {
        JsonNode tree;
        if (c.has("template")) {
            tree = read(ROOT + "localstack/" + c.get("template").asText(), JSON5);
        } else if (c.has("definitionFromRecording")) {
            tree = content.get(c.get("definitionFromRecording").asText()).get("definition").deepCopy();
        } else {
            tree = expandRepeats(c.get("definition").deepCopy());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("set").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            JsonPointer p = JsonPointer.compile(s.getKey());
            ((ObjectNode) tree.at(p.head())).set(p.last().getMatchingProperty(), s.getValue());
        }
        String text = tree.toString();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("replace").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            text = text.replace(r.getKey(), r.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("replaceFromInput").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            text = text.replace(r.getKey(), input.at(r.getValue().asText()).toString());
        }
        return text;
    }

    /** {"$repeat": s, "$times": n} stands for s repeated n times (a payload built in the test code). */
    private static JsonNode expandRepeats(JsonNode node) {
        if (node.isObject() && node.has("$repeat")) {
            return JsonNodeFactory.instance.textNode(node.get("$repeat").asText().repeat(node.get("$times").asInt()));
        }
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> e.setValue(expandRepeats(e.getValue())));
        }
        return node;
    }

    /** "now" placeholders: {"now": pattern, "plusDays": n, "suffix": s}; others: {"value": v}. */
    private Map<String, String> placeholderValues(JsonNode placeholders) {
        Map<String, String> out = new LinkedHashMap<>();
        placeholders.fields().forEachRemaining(p -> {
            JsonNode spec = p.getValue();
            out.put(p.getKey(), spec.has("value") ? spec.get("value").asText()
                    : DateTimeFormatter.ofPattern(spec.get("now").asText()).withZone(ZoneOffset.UTC)
                            .format(now.plusSeconds(86_400L * spec.path("plusDays").asLong())) + spec.path("suffix").asText());
        });
        return out;
    }

    private static JsonNode replaceInStrings(JsonNode node, String from, String to) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(node.textValue().replace(from, to));
        }
        JsonNode copy = node.deepCopy();
        if (copy instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> e.setValue(replaceInStrings(e.getValue(), from, to)));
        } else if (copy.isArray()) {
            for (int i = 0; i < copy.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) copy).set(i, replaceInStrings(copy.get(i), from, to));
            }
        }
        return copy;
    }

    private static JsonNode read(String resource, ObjectMapper mapper) {
        try (InputStream in = AwsRecordings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
