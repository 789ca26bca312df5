package io.ledgerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A failed execution's error name and cause, as Step Functions reports them: the error is a Task's
 * exception class name (Lambda's {@code errorType}) or a {@code States.*} name, the cause Lambda's
 * error JSON or plain text.
 */
final class FailureNames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FailureNames() {}

    /** DESIGN's exit code for an execution's error name, by the failure hierarchy (see {@link ExitCode#ofErrorName}). */
    static int exitCode(String error) {
        return ExitCode.ofErrorName(error);
    }

    /** The human part of a cause: Lambda's {@code errorMessage} when the cause is its error JSON. */
    static String message(String cause) {
        JsonNode error = errorJson(cause);
        if (error != null && error.hasNonNull("errorMessage")) {
            return error.get("errorMessage").asText();
        }
        return cause == null ? "" : cause;
    }

    /** Lambda's stack trace lines in a cause, empty when the cause has none. */
    static java.util.List<String> stackTrace(String cause) {
        JsonNode error = errorJson(cause);
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (error != null) {
            error.path("stackTrace").forEach(line -> lines.add(line.asText()));
        }
        return lines;
    }

    private static JsonNode errorJson(String cause) {
        if (cause == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(cause);
            return node != null && node.isObject() ? node : null;
        } catch (Exception notJson) {
            return null; // a plain-text cause
        }
    }
}
