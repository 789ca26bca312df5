package io.ledgerflow.workflows.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link StateMachine} model from definition JSON. It trusts its input: call
 * {@link AslValidator} first ({@link Definitions#parse} does both).
 */
public final class AslParser {

    /** Comparison operators without their {@code Path} form; each also exists as {@code <op>Path}. */
    public static final Set<String> COMPARISONS = Set.of(
            "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
            "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
            "BooleanEquals",
            "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
            "TimestampGreaterThanEquals");

    /** Operators with no Path form; their operand is a literal. */
    public static final Set<String> TESTS = Set.of(
            "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp", "StringMatches");

    private AslParser() {}

    public static StateMachine parse(JsonNode definition) {
        Map<String, State> states = new LinkedHashMap<>();
        definition.get("States").fields().forEachRemaining(e -> states.put(e.getKey(), state(e.getKey(), e.getValue())));
        JsonNode timeout = definition.get("TimeoutSeconds");
        return new StateMachine(definition.get("StartAt").asText(), Map.copyOf(states),
                timeout == null ? null : timeout.asInt());
    }

    private static State state(String name, JsonNode s) {
        String next = s.has("Next") ? s.get("Next").asText() : null;
        Integer timeout = s.has("TimeoutSeconds") ? s.get("TimeoutSeconds").asInt() : null;
        return switch (s.get("Type").asText()) {
            case "Pass" -> new State.Pass(name, io(s), s.get("Result"), next);
            case "Task" -> new State.Task(name, io(s), s.get("Resource").asText(), timeout,
                    text(s, "TimeoutSecondsPath"), s.get("Credentials"), errors(s), next);
            case "Choice" -> new State.Choice(name, io(s), choices(s.get("Choices")), text(s, "Default"));
            case "Wait" -> new State.Wait(name, io(s), s.has("Seconds") ? s.get("Seconds").asLong() : null,
                    text(s, "Timestamp"), text(s, "SecondsPath"), text(s, "TimestampPath"), next);
            case "Succeed" -> new State.Succeed(name, io(s));
            case "Fail" -> new State.Fail(name, text(s, "Error"), text(s, "ErrorPath"), text(s, "Cause"),
                    text(s, "CausePath"));
            case "Parallel" -> new State.Parallel(name, io(s), branches(s.get("Branches")), errors(s), next);
            case "Map" -> map(name, s, next);
            default -> throw new IllegalArgumentException("unknown state type " + s.get("Type"));
        };
    }

    private static State.MapState map(String name, JsonNode s, String next) {
        JsonNode processor = s.has("ItemProcessor") ? s.get("ItemProcessor") : s.get("Iterator");
        boolean distributed = "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText("INLINE"));
        JsonNode selector = s.has("ItemSelector") ? s.get("ItemSelector") : s.get("Parameters");
        State.Io io = io(s);
        // Map's Parameters is the legacy name of ItemSelector: it applies per item, not to the state input.
        io = new State.Io(io.inputPath(), null, io.resultSelector(), io.resultPath(), io.outputPath());
        return new State.MapState(name, io, path(s, "ItemsPath"), selector, parse(processor), distributed,
                s.has("MaxConcurrency") ? s.get("MaxConcurrency").asInt() : null, text(s, "MaxConcurrencyPath"),
                s.get("ItemReader"), s.get("ItemBatcher"), s.get("ResultWriter"),
                s.has("ToleratedFailurePercentagePath") ? s.get("ToleratedFailurePercentagePath") : s.get("ToleratedFailurePercentage"),
                s.has("ToleratedFailureCountPath") ? s.get("ToleratedFailureCountPath") : s.get("ToleratedFailureCount"),
                errors(s), next, text(s, "Label"));
    }

    private static List<StateMachine> branches(JsonNode branches) {
        List<StateMachine> out = new ArrayList<>();
        branches.forEach(b -> out.add(parse(b)));
        return List.copyOf(out);
    }

    private static State.Io io(JsonNode s) {
        return new State.Io(path(s, "InputPath"), s.get("Parameters"), s.get("ResultSelector"),
                path(s, "ResultPath"), path(s, "OutputPath"));
    }

    private static State.Errors errors(JsonNode s) {
        List<Retrier> retry = new ArrayList<>();
        s.path("Retry").forEach(r -> retry.add(new Retrier(strings(r.get("ErrorEquals")),
                r.path("IntervalSeconds").asDouble(1), r.path("MaxAttempts").asInt(3),
                r.path("BackoffRate").asDouble(2.0),
                r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asLong() : null,
                "FULL".equals(r.path("JitterStrategy").asText("NONE")))));
        List<Catcher> catchers = new ArrayList<>();
        s.path("Catch").forEach(c -> catchers.add(new Catcher(strings(c.get("ErrorEquals")), path(c, "ResultPath"),
                c.get("Next").asText())));
        return new State.Errors(List.copyOf(retry), List.copyOf(catchers));
    }

    private static List<ChoiceRule> choices(JsonNode choices) {
        List<ChoiceRule> out = new ArrayList<>();
        choices.forEach(c -> out.add(rule(c)));
        return List.copyOf(out);
    }

    static ChoiceRule rule(JsonNode c) {
        String next = text(c, "Next");
        if (c.has("And")) {
            return new ChoiceRule.And(choices(c.get("And")), next);
        }
        if (c.has("Or")) {
            return new ChoiceRule.Or(choices(c.get("Or")), next);
        }
        if (c.has("Not")) {
            return new ChoiceRule.Not(rule(c.get("Not")), next);
        }
        String variable = text(c, "Variable");
        for (var it = c.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (TESTS.contains(field) || COMPARISONS.contains(field)) {
                return new ChoiceRule.Comparison(variable, field, c.get(field), false, next);
            }
            if (field.endsWith("Path") && COMPARISONS.contains(field.substring(0, field.length() - 4))) {
                return new ChoiceRule.Comparison(variable, field.substring(0, field.length() - 4), c.get(field), true, next);
            }
        }
        throw new IllegalArgumentException("choice rule without an operator: " + c);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return List.copyOf(out);
    }

    private static String text(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A path field: absent reads as "$", JSON null stays null (it means "discard" or "{}"). */
    private static String path(JsonNode s, String field) {
        JsonNode v = s.get(field);
        if (v == null) {
            return "$";
        }
        return v.isNull() ? null : v.asText();
    }
}
