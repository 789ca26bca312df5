package io.ledgerflow.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An EventBridge event pattern, matched as EventBridge matches it: every field the pattern names
 * must match (nested objects are matched field by field); a field's list of values matches when
 * any of them does; an event field that is an array matches when any of its elements does.
 *
 * <p>The values understood are exact values (strings, numbers compared as numbers, booleans,
 * null) and the operators {@code prefix}, {@code suffix}, {@code equals-ignore-case},
 * {@code anything-but} (a value or a list of values) and {@code exists}. A pattern with another
 * operator is refused when it is read, not silently matched.
 */
final class EventPattern {

    private static final Set<String> OPERATORS = Set.of("prefix", "suffix", "equals-ignore-case", "anything-but", "exists");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Map<String, Object> pattern;

    private EventPattern(Map<String, Object> pattern) {
        this.pattern = pattern;
    }

    /**
     * @param pattern the rule's EventPattern as plain maps, lists and values
     * @throws IllegalArgumentException for a shape or an operator this matcher does not know
     */
    static EventPattern of(Map<String, Object> pattern) {
        check(pattern, "");
        return new EventPattern(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pattern)));
    }

    boolean matches(JsonNode event) {
        return matchesObject(pattern, event);
    }

    private static boolean matchesObject(Map<String, Object> pattern, JsonNode event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            JsonNode value = event.get(field.getKey());
            boolean matched = field.getValue() instanceof Map<?, ?> nested
                    ? value != null && value.isObject() && matchesObject(cast(nested), value)
                    : matchesAny((List<?>) field.getValue(), value);
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    /** A field's list of values: any one matching the event's value (or any element of it) is enough. */
    private static boolean matchesAny(List<?> values, JsonNode value) {
        for (Object expected : values) {
            if (expected instanceof Map<?, ?> operator && operator.containsKey("exists")) {
                if (Boolean.TRUE.equals(operator.get("exists")) == (value != null)) {
                    return true;
                }
            } else if (value != null && (value.isArray() ? anyElement(expected, value) : matchesLeaf(expected, value))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyElement(Object expected, JsonNode array) {
        for (JsonNode element : array) {
            if (matchesLeaf(expected, element)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesLeaf(Object expected, JsonNode value) {
        if (!(expected instanceof Map<?, ?> operator)) {
            return equalsValue(expected, value);
        }
        Map.Entry<?, ?> op = operator.entrySet().iterator().next();
        Object argument = op.getValue();
        return switch (String.valueOf(op.getKey())) {
            case "prefix" -> value.isTextual() && value.asText().startsWith((String) argument);
            case "suffix" -> value.isTextual() && value.asText().endsWith((String) argument);
            case "equals-ignore-case" -> value.isTextual()
                    && value.asText().toLowerCase(Locale.ROOT).equals(((String) argument).toLowerCase(Locale.ROOT));
            case "anything-but" -> (argument instanceof List<?> list ? list : List.of(argument)).stream()
                    .noneMatch(excluded -> equalsValue(excluded, value));
            default -> throw new IllegalStateException("operator " + op.getKey() + " passed the check");
        };
    }

    private static boolean equalsValue(Object expected, JsonNode value) {
        if (expected == null) {
            return value.isNull();
        }
        if (expected instanceof Number number) {
            return value.isNumber() && new BigDecimal(number.toString()).compareTo(value.decimalValue()) == 0;
        }
        if (expected instanceof Boolean bool) {
            return value.isBoolean() && value.asBoolean() == bool;
        }
        return value.isTextual() && value.asText().equals(expected);
    }

    private static void check(Map<String, Object> pattern, String path) {
        pattern.forEach((field, value) -> {
            String where = path.isEmpty() ? field : path + "." + field;
            if (value instanceof Map<?, ?> nested) {
                check(cast(nested), where);
            } else if (value instanceof List<?> values) {
                values.forEach(v -> checkValue(v, where));
            } else {
                throw new IllegalArgumentException("event pattern field " + where + ": a value must be a list or an object");
            }
        });
    }

    private static void checkValue(Object value, String where) {
        if (value instanceof List<?>) {
            throw new IllegalArgumentException("event pattern field " + where + ": a list inside a list");
        }
        if (value instanceof Map<?, ?> operator) {
            String name = operator.size() == 1 ? String.valueOf(operator.keySet().iterator().next()) : operator.keySet().toString();
            Object argument = operator.size() == 1 ? operator.values().iterator().next() : null;
            boolean known = OPERATORS.contains(name) && switch (name) {
                case "exists" -> argument instanceof Boolean;
                case "anything-but" -> !(argument instanceof Map<?, ?>)
                        && (!(argument instanceof List<?> l) || l.stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>));
                default -> argument instanceof String;
            };
            if (!known) {
                throw new IllegalArgumentException("event pattern field " + where + ": " + operator
                        + " is not matched by local serve (it knows exact values, " + OPERATORS + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** The pattern as JSON, as the rule shows it. */
    @Override
    public String toString() {
        try {
            return JSON.writeValueAsString(pattern);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an event pattern of maps and lists is JSON", e);
        }
    }
}
