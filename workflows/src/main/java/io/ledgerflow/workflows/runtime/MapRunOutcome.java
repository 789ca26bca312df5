package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.workflows.asl.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The children's results of one map run, in order, with item counts and the tolerated-failure verdict. */
record MapRunOutcome(List<ChildResult> children, long items, long failedItems, boolean exceeded) {

    static MapRunOutcome of(State.MapState m, Map<Integer, ChildResult> results, JsonNode effective,
                            Interpreter interpreter, Payloads payloads) {
        List<ChildResult> children = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            ChildResult r = results.get(i);
            if (r == null) {
                throw new IllegalStateException("map run lost the result of child " + i);
            }
            children.add(r);
        }
        long items = children.stream().mapToLong(ChildResult::itemCount).sum();
        long failed = children.stream().filter(c -> !c.succeeded()).mapToLong(ChildResult::itemCount).sum();
        return new MapRunOutcome(children, items, failed, exceeded(m, failed, items, effective, payloads));
    }

    /**
     * Exceeded when failed items are over ToleratedFailureCount or over ToleratedFailurePercentage
     * of all items; with neither set, any failure exceeds (AWS's default threshold is zero).
     */
    private static boolean exceeded(State.MapState m, long failed, long items, JsonNode effective, Payloads payloads) {
        Double pct = number(m, m.toleratedFailurePercentage(), effective, payloads);
        Double count = number(m, m.toleratedFailureCount(), effective, payloads);
        if (pct == null && count == null) {
            return failed > 0;
        }
        boolean overCount = count != null && failed > count;
        boolean overPct = pct != null && items > 0 && failed * 100.0 / items > pct;
        return overCount || overPct;
    }

    private static Double number(State.MapState m, JsonNode field, JsonNode effective, Payloads payloads) {
        if (field == null) {
            return null;
        }
        JsonNode v = field.isTextual() ? payloads.select(field.asText(), effective, m.name(), "ToleratedFailure*Path") : field;
        if (!v.isNumber()) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + m.name() + "': a tolerated failure threshold must be a number, was " + v);
        }
        return v.asDouble();
    }

    boolean failed() {
        return failedItems > 0;
    }

    ObjectNode counts() {
        long succeededChildren = children.stream().filter(ChildResult::succeeded).count();
        return JsonNodeFactory.instance.objectNode().put("ItemsTotal", items).put("ItemsFailed", failedItems)
                .put("ItemsSucceeded", items - failedItems).put("ChildExecutionsTotal", children.size())
                .put("ChildExecutionsSucceeded", succeededChildren)
                .put("ChildExecutionsFailed", children.size() - succeededChildren);
    }

    /** What redrive needs: each child's status and output, by index. */
    JsonNode record(String mapRunArn) {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("MapRunArn", mapRunArn);
        ArrayNode list = r.putArray("Children");
        for (ChildResult c : children) {
            ObjectNode o = list.addObject().put("Status", c.status());
            if (c.succeeded()) {
                o.set("Output", c.output());
            } else {
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
