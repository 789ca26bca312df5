package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.workflows.asl.ChoiceRule;
import io.ledgerflow.workflows.jsonpath.JsonPath;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Evaluates Choice rules. A comparison whose variable has the wrong type is false (not an
 * error); a missing variable is States.Runtime, except under IsPresent (AWS's Choice docs).
 */
final class ChoiceEvaluator {

    private ChoiceEvaluator() {}

    /** {@code context} answers {@code $$.} variables (the context object). */
    static boolean matches(ChoiceRule rule, JsonNode input, JsonNode context, String state) {
        return switch (rule) {
            case ChoiceRule.And and -> and.rules().stream().allMatch(r -> matches(r, input, context, state));
            case ChoiceRule.Or or -> or.rules().stream().anyMatch(r -> matches(r, input, context, state));
            case ChoiceRule.Not not -> !matches(not.rule(), input, context, state);
            case ChoiceRule.Comparison c -> compare(c, input, context, state);
        };
    }

    private static boolean compare(ChoiceRule.Comparison c, JsonNode input, JsonNode context, String state) {
        JsonNode value = read(c.variable(), input, context);
        if ("IsPresent".equals(c.operator())) {
            return (value != null) == c.operand().asBoolean();
        }
        if (value == null) {
            throw StatesError.inState(ErrorNames.RUNTIME, "Invalid path '" + c.variable()
                    + "': The choice state's condition path references an invalid value.");
        }
        JsonNode operand = c.operandIsPath() ? read(c.operand().asText(), input, context) : c.operand();
        if (operand == null) {
            throw StatesError.inState(ErrorNames.RUNTIME, "Invalid path '" + c.operand().asText() + "' in " + c.operator() + "Path");
        }
        String op = c.operator();
        return switch (op) {
            case "IsNull" -> value.isNull() == operand.asBoolean();
            case "IsNumeric" -> value.isNumber() == operand.asBoolean();
            case "IsString" -> value.isTextual() == operand.asBoolean();
            case "IsBoolean" -> value.isBoolean() == operand.asBoolean();
            case "IsTimestamp" -> isTimestamp(value) == operand.asBoolean();
            case "StringMatches" -> value.isTextual() && wildcard(operand.asText(), value.asText());
            case "BooleanEquals" -> value.isBoolean() && operand.isBoolean() && value.asBoolean() == operand.asBoolean();
            default -> ordered(op, value, operand);
        };
    }

    private static boolean ordered(String op, JsonNode value, JsonNode operand) {
        Integer cmp = null;
        if (op.startsWith("String") && value.isTextual() && operand.isTextual()) {
            cmp = value.asText().compareTo(operand.asText());
        } else if (op.startsWith("Numeric") && value.isNumber() && operand.isNumber()) {
            cmp = value.decimalValue().compareTo(operand.decimalValue());
        } else if (op.startsWith("Timestamp") && isTimestamp(value) && isTimestamp(operand)) {
            cmp = OffsetDateTime.parse(value.asText()).toInstant().compareTo(OffsetDateTime.parse(operand.asText()).toInstant());
        }
        if (cmp == null) {
            return false;
        }
        String suffix = op.replaceFirst("^(String|Numeric|Timestamp)", "");
        return switch (suffix) {
            case "Equals" -> cmp == 0;
            case "LessThan" -> cmp < 0;
            case "GreaterThan" -> cmp > 0;
            case "LessThanEquals" -> cmp <= 0;
            case "GreaterThanEquals" -> cmp >= 0;
            default -> throw new IllegalStateException("unknown operator " + op);
        };
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literals. */
    static boolean wildcard(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(text).matches();
    }

    private static boolean isTimestamp(JsonNode v) {
        if (!v.isTextual() || v.asText().indexOf('T') < 0) {
            return false;
        }
        try {
            OffsetDateTime.parse(v.asText());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static JsonNode read(String path, JsonNode input, JsonNode context) {
        return path.startsWith("$$") ? JsonPath.compile(path.substring(1)).readOrNull(context)
                : JsonPath.compile(path).readOrNull(input);
    }
}
