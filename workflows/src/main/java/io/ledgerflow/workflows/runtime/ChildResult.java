package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One child execution of a Distributed Map run. {@code input} is kept as UTF-8 JSON: it is only
 * needed for the ResultWriter files, which store it as a string. With a ResultWriter, the child
 * renders its file entry itself ({@code entry}), in parallel, so the map's end only concatenates.
 */
record ChildResult(int index, int itemCount, String status, byte[] input, JsonNode output, String error,
                   String cause, byte[] entry) {

    ChildResult(int index, int itemCount, String status, byte[] input, JsonNode output, String error, String cause) {
        this(index, itemCount, status, input, output, error, cause, null);
    }

    /** This result with its ResultWriter entry rendered; the input is dropped, the entry holds it. */
    ChildResult withEntry(byte[] rendered) {
        return new ChildResult(index, itemCount, status, null, output, error, cause, rendered);
    }

    /** A child that was running when its Map Run failed: Step Functions stopped it. */
    static ChildResult aborted(int index, Batches.Batch batch) {
        return new ChildResult(index, batch.itemCount(), ABORTED, batch.serialized(), null, null, null);
    }

    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";
    /** AWS's status of a child execution stopped because its Map Run failed. */
    static final String ABORTED = "ABORTED";

    boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    boolean failed() {
        return FAILED.equals(status);
    }

    boolean aborted() {
        return ABORTED.equals(status);
    }
}
