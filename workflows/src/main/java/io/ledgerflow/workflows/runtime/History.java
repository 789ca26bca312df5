package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/** Receives execution history events (AWS's event types: TaskStateEntered, TaskSucceeded, MapRunStarted...). */
@FunctionalInterface
public interface History {

    /** {@code state} may be null for execution-level events; {@code details} may be null. */
    void record(String type, String state, JsonNode details);

    /** For child executions of a Distributed Map: AWS keeps their history apart from the parent's. */
    History NONE = (type, state, details) -> { };
}
