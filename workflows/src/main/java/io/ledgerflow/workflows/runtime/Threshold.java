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

    static Threshold of(State.MapState m, JsonNode effective, Payloads payloads) {
        return new Threshold(number(m, m.toleratedFailureCount(), effective, payloads),
                number(m, m.toleratedFailurePercentage(), effective, payloads));
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

    private static Double number(State.MapState m, JsonNode field, JsonNode effective, Payloads payloads) {
        if (field == null) {
            return null;
        }
        JsonNode v = field.isTextual() ? payloads.select(field.asText(), effective, m.name(), "ToleratedFailure*Path") : field;
        if (!v.isNumber()) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + m.name() + "': a tolerated failure threshold must be a number, was " + v);
        }
        return v.asDouble();
    }
}
