package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/** A Lambda function the embedded runtime can invoke synchronously (RequestResponse). */
interface LocalFunction {

    /** The function's result, or a {@link StatesError} named as the Lambda integration names it. */
    JsonNode invoke(JsonNode event);

    /** Frees what the function's instances hold (SDK clients); the runtime is done with it. */
    default void release() { }
}
