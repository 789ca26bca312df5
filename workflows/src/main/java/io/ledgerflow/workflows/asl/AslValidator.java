package io.ledgerflow.workflows.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.workflows.intrinsics.Intrinsic;
import io.ledgerflow.workflows.intrinsics.IntrinsicException;
import io.ledgerflow.workflows.jsonpath.JsonPath;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a definition against the ASL rules before anything runs, and names the state and the
 * rule for each problem. Rule names: UNKNOWN_FIELD, MISSING_FIELD, INVALID_VALUE, MISSING_TRANSITION,
 * INVALID_TRANSITION, UNKNOWN_STATE, UNREACHABLE_STATE, DUPLICATE_STATE_NAME, INVALID_JSONPATH,
 * INVALID_INTRINSIC, DISTRIBUTED_ONLY_FIELD, EXCLUSIVE_FIELDS, INVALID_ERROR_HANDLER, INVALID_CHOICE_RULE,
 * INVALID_TIMESTAMP.
 */
public final class AslValidator {

    private static final int STATE_NAME_CHARS_MAX = 80; // AWS's state name limit
    private static final Set<String> TOP = Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage");
    private static final Set<String> IO = Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector");
    static final Set<String> DISTRIBUTED_ONLY = Set.of("ItemReader", "ItemBatcher", "ResultWriter",
            "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
            "ToleratedFailureCountPath", "Label");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", union(Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result")),
            "Task", union(IO, Set.of("Next", "End", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                    "HeartbeatSecondsPath", "Retry", "Catch", "Credentials")),
            "Choice", union(Set.of("InputPath", "OutputPath", "Choices", "Default")),
            "Wait", union(Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath")),
            "Succeed", union(Set.of("InputPath", "OutputPath")),
            "Fail", union(Set.of("Error", "ErrorPath", "Cause", "CausePath")),
            "Parallel", union(IO, Set.of("Next", "End", "Branches", "Retry", "Catch")),
            "Map", union(IO, DISTRIBUTED_ONLY, Set.of("Next", "End", "ItemsPath", "ItemSelector", "Iterator",
                    "ItemProcessor", "MaxConcurrency", "MaxConcurrencyPath", "Retry", "Catch")));
    private static final Set<String> TERMINAL = Set.of("Choice", "Succeed", "Fail");

    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> allNames = new HashSet<>();

    private AslValidator() {}

    /** Returns every problem found; empty means valid. */
    public static List<Problem> validate(JsonNode definition) {
        AslValidator v = new AslValidator();
        v.machine(definition, "(definition)");
        return List.copyOf(v.problems);
    }

    private void machine(JsonNode m, String where) {
        if (!m.isObject()) {
            add(where, "INVALID_VALUE", "a state machine must be a JSON object");
            return;
        }
        unknownFields(m, TOP, where);
        JsonNode states = m.get("States");
        if (states == null || !states.isObject() || states.isEmpty()) {
            add(where, "MISSING_FIELD", "States must be a non-empty object");
            return;
        }
        if (!m.path("StartAt").isTextual()) {
            add(where, "MISSING_FIELD", "StartAt is required");
        } else if (!states.has(m.get("StartAt").asText())) {
            add(where, "UNKNOWN_STATE", "StartAt names '" + m.get("StartAt").asText() + "', which is not in States");
        }
        if (m.has("QueryLanguage") && !"JSONPath".equals(m.get("QueryLanguage").asText())) {
            add(where, "INVALID_VALUE", "QueryLanguage " + m.get("QueryLanguage") + " is not supported; only JSONPath");
        }
        positiveInt(m, "TimeoutSeconds", where);
        states.fields().forEachRemaining(e -> state(e.getKey(), e.getValue(), states));
        reachability(m, states);
    }

    private void state(String name, JsonNode s, JsonNode siblings) {
        if (!allNames.add(name)) {
            add(name, "DUPLICATE_STATE_NAME", "state names must be unique in the whole state machine, branches included");
        }
        if (name.length() > STATE_NAME_CHARS_MAX) {
            add(name, "INVALID_VALUE", "a state name is at most " + STATE_NAME_CHARS_MAX + " characters");
        }
        String type = s.path("Type").asText("");
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            add(name, "INVALID_VALUE", "Type must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map; was '" + type + "'");
            return;
        }
        unknownFields(s, allowed, name);
        transition(name, type, s, siblings);
        paths(name, s);
        switch (type) {
            case "Task" -> task(name, s);
            case "Choice" -> choice(name, s, siblings);
            case "Wait" -> {
                exactlyOne(name, s, "Seconds", "Timestamp", "SecondsPath", "TimestampPath");
                waitTimestamp(name, s);
            }
            case "Fail" -> {
                atMostOne(name, s, "Error", "ErrorPath");
                atMostOne(name, s, "Cause", "CausePath");
            }
            case "Parallel" -> parallel(name, s);
            case "Map" -> MapRules.check(this, name, s);
            default -> { }
        }
        if (s.has("Retry") || s.has("Catch")) {
            errorHandlers(name, s, siblings);
        }
    }

    /** A literal Timestamp is RFC 3339: a T between date and time, an offset (Z or ±hh:mm); AWS refuses others. */
    private void waitTimestamp(String name, JsonNode s) {
        if (!s.has("Timestamp")) {
            return;
        }
        JsonNode t = s.get("Timestamp");
        try {
            OffsetDateTime.parse(t.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            if (!t.isTextual()) {
                add(name, "INVALID_TIMESTAMP", "Timestamp must be an RFC 3339 string, was " + t);
            }
        } catch (DateTimeParseException e) {
            add(name, "INVALID_TIMESTAMP", "Timestamp must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z, was " + t);
        }
    }

    private void transition(String name, String type, JsonNode s, JsonNode siblings) {
        boolean hasNext = s.has("Next");
        boolean end = s.path("End").asBoolean(false);
        if (TERMINAL.contains(type)) {
            if (hasNext || s.has("End")) {
                add(name, "INVALID_TRANSITION", type + " states must not have Next or End");
            }
            return;
        }
        if (hasNext == end) {
            add(name, "MISSING_TRANSITION", hasNext ? "has both Next and End" : "needs Next or \"End\": true");
        }
        if (hasNext) {
            target(name, s.get("Next"), siblings, "Next");
        }
    }

    private void target(String name, JsonNode next, JsonNode siblings, String field) {
        if (next == null || !next.isTextual()) {
            add(name, "MISSING_FIELD", field + " must name a state");
        } else if (!siblings.has(next.asText())) {
            add(name, "UNKNOWN_STATE", field + " names '" + next.asText() + "', which is not a state of this machine");
        }
    }

    private void paths(String name, JsonNode s) {
        for (String f : List.of("InputPath", "OutputPath", "ItemsPath", "SecondsPath", "TimestampPath",
                "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
                "ToleratedFailureCountPath")) {
            path(name, s, f, f.equals("InputPath") || f.equals("OutputPath"), false);
        }
        path(name, s, "ResultPath", true, true);
        for (String f : List.of("ErrorPath", "CausePath")) {
            if (s.path(f).isTextual() && Intrinsic.looksLikeCall(s.get(f).asText())) {
                intrinsic(name, f, s.get(f).asText());
            } else {
                path(name, s, f, false, false);
            }
        }
        for (String f : List.of("Parameters", "ResultSelector", "ItemSelector")) {
            if (s.has(f)) {
                template(name, f, s.get(f), 0);
            }
        }
    }

    void path(String name, JsonNode s, String field, boolean nullable, boolean reference) {
        JsonNode v = s.get(field);
        if (v == null || (nullable && v.isNull())) {
            return;
        }
        if (!v.isTextual()) {
            add(name, "INVALID_JSONPATH", field + " must be a JSONPath string");
            return;
        }
        String text = v.asText();
        try {
            JsonPath p = JsonPath.compile(text.startsWith("$$") ? text.substring(1) : text);
            if (reference && (!p.isReference() || text.startsWith("$$"))) {
                add(name, "INVALID_JSONPATH", field + " '" + text + "' must be a reference path (fields and indexes only)");
            }
        } catch (JsonPath.InvalidPathException e) {
            add(name, "INVALID_JSONPATH", field + ": " + e.getMessage());
        }
    }

    /** Walks a payload template: every "key.$" value must be a path, a context path or an intrinsic call. */
    void template(String name, String field, JsonNode t, int depth) {
        if (depth > 64) {
            add(name, "INVALID_VALUE", field + " is nested deeper than 64 levels");
            return;
        }
        if (t.isArray()) {
            t.forEach(e -> template(name, field, e, depth + 1));
        }
        if (!t.isObject()) {
            return;
        }
        t.fields().forEachRemaining(e -> {
            if (!e.getKey().endsWith(".$")) {
                template(name, field, e.getValue(), depth + 1);
            } else if (!e.getValue().isTextual()) {
                add(name, "INVALID_JSONPATH", field + "." + e.getKey() + " must be a string path or intrinsic call");
            } else if (Intrinsic.looksLikeCall(e.getValue().asText())) {
                intrinsic(name, field + "." + e.getKey(), e.getValue().asText());
            } else {
                path(name, t, e.getKey(), false, false);
            }
        });
    }

    private void intrinsic(String name, String field, String text) {
        try {
            Intrinsic.parse(text);
        } catch (IntrinsicException e) {
            add(name, "INVALID_INTRINSIC", field + ": " + e.getMessage());
        }
    }

    private void task(String name, JsonNode s) {
        if (!s.path("Resource").isTextual() || s.get("Resource").asText().isEmpty()) {
            add(name, "MISSING_FIELD", "Task needs a Resource URI");
        }
        atMostOne(name, s, "TimeoutSeconds", "TimeoutSecondsPath");
        atMostOne(name, s, "HeartbeatSeconds", "HeartbeatSecondsPath");
        positiveInt(s, "TimeoutSeconds", name);
        positiveInt(s, "HeartbeatSeconds", name);
    }

    private void parallel(String name, JsonNode s) {
        JsonNode branches = s.get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            add(name, "MISSING_FIELD", "Parallel needs a non-empty Branches array");
            return;
        }
        branches.forEach(b -> machine(b, name));
    }

    void nested(JsonNode m, String where) {
        machine(m, where);
    }

    private void choice(String name, JsonNode s, JsonNode siblings) {
        JsonNode choices = s.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            add(name, "MISSING_FIELD", "Choice needs a non-empty Choices array");
            return;
        }
        choices.forEach(c -> {
            ChoiceRules.check(this, name, c, true);
            if (c.has("Next")) {
                target(name, c.get("Next"), siblings, "Choices[].Next");
            }
        });
        if (s.has("Default")) {
            target(name, s.get("Default"), siblings, "Default");
        }
    }

    private void errorHandlers(String name, JsonNode s, JsonNode siblings) {
        ErrorRules.checkRetry(this, name, s.get("Retry"));
        ErrorRules.checkCatch(this, name, s.get("Catch"));
        s.path("Catch").forEach(c -> target(name, c.get("Next"), siblings, "Catch[].Next"));
    }

    /** Every state must be reachable from StartAt by Next, Default, Choices and Catch. */
    private void reachability(JsonNode m, JsonNode states) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(m.path("StartAt").asText());
        while (!todo.isEmpty()) {
            String n = todo.pop();
            JsonNode s = states.get(n);
            if (s == null || !seen.add(n)) {
                continue;
            }
            List.of(s.path("Next"), s.path("Default")).forEach(t -> {
                if (t.isTextual()) {
                    todo.add(t.asText());
                }
            });
            s.path("Choices").forEach(c -> todo.add(c.path("Next").asText()));
            s.path("Catch").forEach(c -> todo.add(c.path("Next").asText()));
        }
        states.fieldNames().forEachRemaining(n -> {
            if (!seen.contains(n)) {
                add(n, "UNREACHABLE_STATE", "no transition leads to this state from StartAt");
            }
        });
    }

    void unknownFields(JsonNode node, Set<String> allowed, String where) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                add(where, "UNKNOWN_FIELD", "field '" + f + "' is not allowed here");
            }
        });
    }

    void exactlyOne(String name, JsonNode s, String... fields) {
        long n = java.util.Arrays.stream(fields).filter(s::has).count();
        if (n != 1) {
            add(name, "EXCLUSIVE_FIELDS", "exactly one of " + String.join(", ", fields) + " is required");
        }
    }

    void atMostOne(String name, JsonNode s, String a, String b) {
        if (s.has(a) && s.has(b)) {
            add(name, "EXCLUSIVE_FIELDS", a + " and " + b + " cannot both be set");
        }
    }

    void positiveInt(JsonNode s, String field, String where) {
        if (s.has(field) && (!s.get(field).isIntegralNumber() || s.get(field).asLong() <= 0)) {
            add(where, "INVALID_VALUE", field + " must be a positive integer");
        }
    }

    void add(String state, String rule, String message) {
        problems.add(new Problem(state, rule, message));
    }

    private static Set<String> union(Set<?>... sets) {
        Set<String> out = new HashSet<>(Set.of("Type", "Comment"));
        for (Set<?> s : sets) {
            s.forEach(e -> out.add((String) e));
        }
        return Set.copyOf(out);
    }
}
