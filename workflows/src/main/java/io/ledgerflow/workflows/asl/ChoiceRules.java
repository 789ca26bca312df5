package io.ledgerflow.workflows.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Validation of Choice rules (part of {@link AslValidator}). */
final class ChoiceRules {

    private static final int DEPTH_MAX = 32; // nested And/Or/Not levels; bounds recursion

    private ChoiceRules() {}

    static void check(AslValidator v, String state, JsonNode rule, boolean topLevel) {
        check(v, state, rule, topLevel, 0);
    }

    private static void check(AslValidator v, String state, JsonNode rule, boolean topLevel, int depth) {
        if (depth > DEPTH_MAX || !rule.isObject()) {
            v.add(state, "INVALID_CHOICE_RULE", depth > DEPTH_MAX ? "rules nested deeper than " + DEPTH_MAX : "a rule must be an object");
            return;
        }
        if (topLevel != rule.has("Next")) {
            v.add(state, "INVALID_CHOICE_RULE", topLevel ? "a top-level choice rule needs Next" : "a nested rule must not have Next");
        }
        List<String> operators = operators(rule);
        if (operators.size() != 1) {
            v.add(state, "INVALID_CHOICE_RULE", "a rule needs exactly one operator, found " + operators);
            return;
        }
        String op = operators.get(0);
        switch (op) {
            case "And", "Or" -> {
                JsonNode list = rule.get(op);
                if (!list.isArray() || list.isEmpty()) {
                    v.add(state, "INVALID_CHOICE_RULE", op + " needs a non-empty array of rules");
                } else {
                    list.forEach(r -> check(v, state, r, false, depth + 1));
                }
                allowOnly(v, state, rule, op);
            }
            case "Not" -> {
                check(v, state, rule.get("Not"), false, depth + 1);
                allowOnly(v, state, rule, op);
            }
            default -> comparison(v, state, rule, op);
        }
    }

    private static List<String> operators(JsonNode rule) {
        List<String> out = new ArrayList<>();
        rule.fieldNames().forEachRemaining(f -> {
            if (f.equals("And") || f.equals("Or") || f.equals("Not") || AslParser.TESTS.contains(f)
                    || AslParser.COMPARISONS.contains(f)
                    || (f.endsWith("Path") && AslParser.COMPARISONS.contains(f.substring(0, f.length() - 4)))) {
                out.add(f);
            }
        });
        return out;
    }

    private static void allowOnly(AslValidator v, String state, JsonNode rule, String op) {
        v.unknownFields(rule, java.util.Set.of(op, "Next", "Comment"), state);
    }

    private static void comparison(AslValidator v, String state, JsonNode rule, String op) {
        v.unknownFields(rule, java.util.Set.of(op, "Variable", "Next", "Comment"), state);
        if (!rule.path("Variable").isTextual()) {
            v.add(state, "INVALID_CHOICE_RULE", op + " needs a Variable path");
            return;
        }
        v.path(state, rule, "Variable", false, false);
        JsonNode operand = rule.get(op);
        if (op.endsWith("Path")) {
            v.path(state, rule, op, false, false);
            return;
        }
        boolean ok = switch (op) {
            case "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp", "BooleanEquals" -> operand.isBoolean();
            case "StringMatches" -> operand.isTextual();
            default -> op.startsWith("String") ? operand.isTextual()
                    : op.startsWith("Numeric") ? operand.isNumber()
                    : operand.isTextual() && isTimestamp(operand.asText());
        };
        if (!ok) {
            v.add(state, "INVALID_CHOICE_RULE", op + " has an operand of the wrong type: " + operand);
        }
    }

    static boolean isTimestamp(String s) {
        // AWS accepts RFC 3339 with an upper-case T and an offset or Z, e.g. 2016-08-18T17:33:00Z.
        if (s.indexOf('T') < 0) {
            return false;
        }
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
