package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One child execution of a Distributed Map run. {@code input} is kept serialized: it is only
 * needed for the ResultWriter files, which store it as a string.
 */
record ChildResult(int index, int itemCount, String status, String input, JsonNode output, String error,
                   String cause) {

    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";

    boolean succeeded() {
        return SUCCEEDED.equals(status);
    }
}
