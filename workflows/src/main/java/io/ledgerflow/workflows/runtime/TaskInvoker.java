package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs a Task state's resource with its effective input; failures are thrown as {@link StatesError}. */
@FunctionalInterface
public interface TaskInvoker {

    JsonNode invoke(String resource, JsonNode input, String stateName);
}
