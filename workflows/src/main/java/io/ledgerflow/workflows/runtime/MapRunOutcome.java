package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The children's results of one map run, in order, with item counts and the tolerated-failure
 * verdict. A run that failed at once holds only the children started before it failed (the
 * others were never read into a batch); those still running then are ABORTED.
 */
record MapRunOutcome(List<ChildResult> children, long items, long failedItems, long abortedItems, boolean exceeded) {

    /**
     * @param crossed whether the run already stopped because the threshold was crossed (the total is
     *                then not known, so the verdict cannot be judged again here)
     */
    static MapRunOutcome of(Map<Integer, ChildResult> results, Threshold threshold, boolean crossed) {
        List<ChildResult> children = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            ChildResult r = results.get(i);
            if (r == null) {
                throw new IllegalStateException("map run lost the result of child " + i);
            }
            children.add(r);
        }
        long items = children.stream().mapToLong(ChildResult::itemCount).sum();
        long failed = children.stream().filter(ChildResult::failed).mapToLong(ChildResult::itemCount).sum();
        long aborted = children.stream().filter(ChildResult::aborted).mapToLong(ChildResult::itemCount).sum();
        return new MapRunOutcome(children, items, failed, aborted, crossed || threshold.exceeded(failed, items));
    }

    ObjectNode counts() {
        long succeededChildren = children.stream().filter(ChildResult::succeeded).count();
        long abortedChildren = children.stream().filter(ChildResult::aborted).count();
        return JsonNodeFactory.instance.objectNode().put("ItemsTotal", items).put("ItemsFailed", failedItems)
                .put("ItemsAborted", abortedItems).put("ItemsSucceeded", items - failedItems - abortedItems)
                .put("ChildExecutionsTotal", children.size())
                .put("ChildExecutionsSucceeded", succeededChildren)
                .put("ChildExecutionsFailed", children.size() - succeededChildren - abortedChildren)
                .put("ChildExecutionsAborted", abortedChildren);
    }

    /** What redrive needs: each child's status and output, by index (redrive re-runs all but SUCCEEDED). */
    JsonNode record(String mapRunArn) {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("MapRunArn", mapRunArn);
        ArrayNode list = r.putArray("Children");
        for (ChildResult c : children) {
            ObjectNode o = list.addObject().put("Status", c.status());
            if (c.succeeded()) {
                o.set("Output", c.output());
            } else if (c.failed()) {
                o.put("Error", c.error()).put("Cause", c.cause());
            }
        }
        return r;
    }

    /** The Map's result without a ResultWriter: each child's output, or its error object when it failed. */
    ArrayNode outputs() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        children.forEach(c -> out.add(c.succeeded() ? c.output() : DistributedMap.errorOutput(c)));
        return out;
    }
}
