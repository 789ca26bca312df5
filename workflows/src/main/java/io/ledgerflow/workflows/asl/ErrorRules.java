package io.ledgerflow.workflows.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Validation of Retry and Catch blocks (part of {@link AslValidator}). */
final class ErrorRules {

    private static final Set<String> RETRY_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCH_FIELDS = Set.of("ErrorEquals", "ResultPath", "Next", "Comment");
    private static final long MAX_ATTEMPTS_MAX = 99_999_999L; // the ASL limit
    private static final long MAX_DELAY_SECONDS_MAX = 31_622_400L; // one year, the ASL limit

    private ErrorRules() {}

    static void checkRetry(AslValidator v, String state, JsonNode retry) {
        if (retry == null) {
            return;
        }
        if (!retry.isArray()) {
            v.add(state, "INVALID_ERROR_HANDLER", "Retry must be an array");
            return;
        }
        int i = 0;
        for (JsonNode r : retry) {
            v.unknownFields(r, RETRY_FIELDS, state);
            errorEquals(v, state, "Retry", r, i++ == retry.size() - 1);
            if (r.has("MaxAttempts") && (!r.get("MaxAttempts").isIntegralNumber()
                    || r.get("MaxAttempts").asLong() < 0 || r.get("MaxAttempts").asLong() > MAX_ATTEMPTS_MAX)) {
                v.add(state, "INVALID_ERROR_HANDLER", "Retry MaxAttempts must be an integer from 0 to " + MAX_ATTEMPTS_MAX);
            }
            if (r.has("IntervalSeconds") && (!r.get("IntervalSeconds").isIntegralNumber() || r.get("IntervalSeconds").asLong() < 1)) {
                v.add(state, "INVALID_ERROR_HANDLER", "Retry IntervalSeconds must be a positive integer");
            }
            if (r.has("BackoffRate") && (!r.get("BackoffRate").isNumber() || r.get("BackoffRate").asDouble() < 1.0)) {
                v.add(state, "INVALID_ERROR_HANDLER", "Retry BackoffRate must be a number >= 1.0");
            }
            if (r.has("MaxDelaySeconds") && (!r.get("MaxDelaySeconds").isIntegralNumber()
                    || r.get("MaxDelaySeconds").asLong() < 1 || r.get("MaxDelaySeconds").asLong() > MAX_DELAY_SECONDS_MAX)) {
                v.add(state, "INVALID_ERROR_HANDLER", "Retry MaxDelaySeconds must be an integer from 1 to " + MAX_DELAY_SECONDS_MAX);
            }
            if (r.has("JitterStrategy") && !Set.of("FULL", "NONE").contains(r.get("JitterStrategy").asText())) {
                v.add(state, "INVALID_ERROR_HANDLER", "Retry JitterStrategy must be FULL or NONE");
            }
        }
    }

    static void checkCatch(AslValidator v, String state, JsonNode catchers) {
        if (catchers == null) {
            return;
        }
        if (!catchers.isArray()) {
            v.add(state, "INVALID_ERROR_HANDLER", "Catch must be an array");
            return;
        }
        int i = 0;
        for (JsonNode c : catchers) {
            v.unknownFields(c, CATCH_FIELDS, state);
            errorEquals(v, state, "Catch", c, i++ == catchers.size() - 1);
            v.path(state, c, "ResultPath", true, true);
        }
    }

    private static void errorEquals(AslValidator v, String state, String block, JsonNode h, boolean last) {
        JsonNode errors = h.get("ErrorEquals");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            v.add(state, "INVALID_ERROR_HANDLER", block + " ErrorEquals must be a non-empty array of error names");
            return;
        }
        for (JsonNode e : errors) {
            // States.ALL must appear alone, in the last retrier or catcher.
            if ("States.ALL".equals(e.asText()) && (errors.size() != 1 || !last)) {
                v.add(state, "INVALID_ERROR_HANDLER", block + ": States.ALL must be alone and in the last entry");
            }
        }
    }
}
