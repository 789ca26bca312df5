package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.workflows.asl.State;

/**
 * A Distributed Map's tolerated failure threshold: ToleratedFailureCount and
 * ToleratedFailurePercentage (or their Path forms), resolved once when the Map Run starts. With
 * neither set, any failure exceeds it (AWS's default threshold is zero). Failed items count; items
 * of aborted children do not (they were stopped because the run had already failed).
 *
 * @param count   items that may fail, or null
 * @param percent percentage of all items that may fail, or null
 */
record Threshold(Double count, Double percent) {

    /**
     * Resolves the fields as AWS does when the Map Run starts: a Path that selects no number, a
     * negative count, or a percentage outside 0..100 is {@code States.Runtime} in the state.
     */
    static Threshold of(State.MapState m, JsonNode effective, Payloads payloads) {
        Double count = number(m, m.toleratedFailureCount(), effective, payloads, "ToleratedFailureCountPath", "integer");
        Double percent = number(m, m.toleratedFailurePercentage(), effective, payloads, "ToleratedFailurePercentagePath", "float");
        if (count != null && count < 0) {
            throw StatesError.inState(ErrorNames.RUNTIME, "ToleratedFailureCount cannot be negative.");
        }
        if (percent != null && (percent < 0 || percent > 100)) {
            throw StatesError.inState(ErrorNames.RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.");
        }
        return new Threshold(count, percent);
    }

    /** Whether {@code failed} of {@code total} items exceed the threshold (both counts final). */
    boolean exceeded(long failed, long total) {
        if (count == null && percent == null) {
            return failed > 0;
        }
        boolean overCount = count != null && failed > count;
        boolean overPercent = percent != null && total > 0 && failed * 100.0 / total > percent;
        return overCount || overPercent;
    }

    /**
     * Whether {@code failed} items already exceed the threshold while the run's total is not known
     * yet (items are still being read): the count is final, and so is a percentage of zero (any
     * failure is over 0 % of any total); another percentage must wait for the total.
     */
    boolean exceededBeforeTotal(long failed) {
        if (count == null && percent == null) {
            return failed > 0;
        }
        boolean overCount = count != null && failed > count;
        boolean overZeroPercent = percent != null && percent == 0 && failed > 0;
        return overCount || overZeroPercent;
    }

    private static Double number(State.MapState m, JsonNode field, JsonNode effective, Payloads payloads, String pathField,
            String kind) {
        if (field == null) {
            return null;
        }
        if (!field.isTextual()) {
            return field.asDouble();
        }
        JsonNode v = payloads.select(field.asText(), effective, m.name(), pathField);
        if (!v.isNumber()) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The " + pathField + " field refers to value \""
                    + (v.isTextual() ? v.textValue() : v.toString()) + "\" which is not a valid " + kind + ": " + field.asText());
        }
        return v.asDouble();
    }
}
