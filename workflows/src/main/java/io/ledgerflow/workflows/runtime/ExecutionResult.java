package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How an execution ended: SUCCEEDED with an output, or FAILED / TIMED_OUT with an error and cause. */
public record ExecutionResult(String name, String arn, String status, JsonNode output, String error, String cause) {

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /**
     * The one-line result DESIGN fixes for {@code workflow run}: {"status":"SUCCEEDED","output":…}
     * or {"status":"FAILED","error":…,"cause":…}; a timed-out execution reports FAILED with States.Timeout.
     */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (succeeded()) {
            o.put("status", "SUCCEEDED");
            o.set("output", output);
        } else {
            o.put("status", "FAILED");
            o.put("error", error);
            o.put("cause", cause);
        }
        return o;
    }
}
