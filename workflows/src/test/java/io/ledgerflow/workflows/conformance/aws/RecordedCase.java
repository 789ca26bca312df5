package io.ledgerflow.workflows.conformance.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One recorded execution: the definition and input as the LocalStack test ran them against AWS,
 * and how it ended there.
 *
 * @param name         the test id (without its common prefix) and the recording's key
 * @param definition   definition text with every placeholder replaced by the value this run uses
 * @param input        execution input with placeholders replaced
 * @param recordedInput the input as the recording shows it (after LocalStack's transformers)
 * @param expected     the recorded outcome
 * @param transformers turn this runtime's result into the recording's terms
 * @param functions    Lambda function name to the kind of stand-in it needs (see {@link RecordedFunctions})
 * @param objects      S3 objects the test put before the execution: "bucket/key" to the body (an empty body
 *                     with a key ending in "/" only creates the bucket)
 */
record RecordedCase(String name, String definition, JsonNode input, JsonNode recordedInput, Expected expected,
                    SnapshotTransformers transformers, Map<String, String> functions, Map<String, String> objects,
                    String executionName) {

    @Override
    public String toString() {
        return name;
    }

    /** How the recorded execution (or state machine creation) ended. */
    sealed interface Expected {}

    record Succeeded(JsonNode output) implements Expected {}

    /** {@code cause} is null when the recording has none. */
    record Failed(String error, String cause) implements Expected {}

    /** A recorded DescribeExecution: only its status says how the execution ended. */
    record Ended(String status) implements Expected {}

    /** CreateStateMachine refused the definition. */
    record Rejected(String message) implements Expected {}
}
