package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.workflows.asl.State;
import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A Distributed Map run: reads items (ItemReader or ItemsPath), selects and batches them, runs
 * each batch as a child execution on its own virtual thread (at most MaxConcurrency at once),
 * applies the tolerated failure threshold ({@link MapFailureMode}: at once, as AWS does, by
 * default), writes results (ResultWriter) and records per-child results for redrive.
 */
final class DistributedMap {

    /** Child executions at once when MaxConcurrency is 0 (AWS allows up to 10,000; one machine, fewer). */
    static final int CONCURRENCY_MAX = 1_000;

    private final Engine engine;
    private final Interpreter interpreter;

    DistributedMap(Engine engine, Interpreter interpreter) {
        this.engine = engine;
        this.interpreter = interpreter;
    }

    JsonNode run(State.MapState m, JsonNode effective, JsonNode ctx, Scope scope) {
        JsonNode previous = scope.takeRedrive(m.name())
                ? engine.mapRuns().load(scope.executionName(), m.name()).orElse(null) : null;
        String mapRunArn = previous != null ? previous.get("MapRunArn").asText()
                : scope.stateMachineArn().replace(":stateMachine:", ":mapRun:") + "/" + m.name() + ":" + UUID.randomUUID();
        scope.history().record("MapRunStarted", m.name(), JsonNodeFactory.instance.objectNode()
                .put("MapRunArn", mapRunArn).put("Redrive", previous != null));
        Threshold threshold = Threshold.of(m, effective, engine.payloads());
        MapRunControl control = new MapRunControl(bounded(interpreter.maxConcurrency(m, effective)), threshold,
                engine.mapFailure());
        try (Stream<JsonNode> items = items(m, effective, ctx); Prefetch ahead = new Prefetch(items.iterator())) {
            dispatch(m, batches(m, effective, ctx, ahead), previous, control, mapRunArn, scope);
        } catch (RuntimeException e) {
            endAfterFailure(control);
            throw e;
        }
        control.awaitEnd();
        MapRunOutcome outcome = MapRunOutcome.of(control.results(), threshold, control.thresholdCrossed());
        engine.mapRuns().save(scope.executionName(), m.name(), outcome.record(mapRunArn));
        JsonNode output = new MapResultWriter(engine, m).write(mapRunArn, outcome, effective, ctx);
        scope.history().record(outcome.exceeded() ? "MapRunFailed" : "MapRunSucceeded", m.name(), outcome.counts());
        if (outcome.exceeded()) {
            throw new StatesError(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD, "The specified tolerated failure "
                    + "threshold was exceeded: " + outcome.counts() + " (map run " + mapRunArn + ")");
        }
        return output;
    }

    /**
     * The run failed while starting children (its ItemReader failed, say): on AWS the Map Run fails
     * and its running children are stopped; judged at the end, they are waited for as before.
     */
    private void endAfterFailure(MapRunControl control) {
        if (engine.mapFailure() == MapFailureMode.FAIL_AT_ONCE) {
            control.abort();
        } else {
            control.allStarted();
            control.awaitEnd();
        }
    }

    private static int bounded(int maxConcurrency) {
        return maxConcurrency == 0 ? CONCURRENCY_MAX : Math.min(maxConcurrency, CONCURRENCY_MAX);
    }

    private Stream<JsonNode> items(State.MapState m, JsonNode effective, JsonNode ctx) {
        if (m.itemReader() == null) {
            JsonNode items = engine.payloads().select(m.itemsPath(), effective, m.name(), "ItemsPath");
            if (!items.isArray()) {
                throw new StatesError(ErrorNames.RUNTIME, "state '" + m.name() + "': ItemsPath did not select an array");
            }
            return java.util.stream.StreamSupport.stream(items.spliterator(), false);
        }
        JsonNode reader = m.itemReader();
        JsonNode params = reader.has("Parameters")
                ? engine.payloads().template(reader.get("Parameters"), effective, ctx, m.name())
                : JsonNodeFactory.instance.objectNode();
        JsonNode config = reader.path("ReaderConfig");
        long maxItems = config.has("MaxItemsPath")
                ? engine.payloads().select(config.get("MaxItemsPath").asText(), effective, m.name(), "MaxItemsPath").asLong()
                : config.path("MaxItems").asLong(ItemReaders.ITEMS_MAX);
        return ItemReaders.open(reader, params, engine.objectStore(), maxItems <= 0 ? ItemReaders.ITEMS_MAX : maxItems, m.name());
    }

    private Batches batches(State.MapState m, JsonNode effective, JsonNode ctx, Iterator<JsonNode> items) {
        Iterator<JsonNode> selected = new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public JsonNode next() {
                return interpreter.selectItem(m, effective, ctx, index++, items.next());
            }
        };
        JsonNode b = m.itemBatcher();
        if (b == null) {
            return new Batches(selected);
        }
        int itemsMax = intField(m, b, "MaxItemsPerBatch", effective, Integer.MAX_VALUE);
        int bytesMax = intField(m, b, "MaxInputBytesPerBatch", effective, Payloads.PAYLOAD_BYTES_MAX);
        JsonNode batchInput = b.has("BatchInput") ? engine.payloads().template(b.get("BatchInput"), effective, ctx, m.name()) : null;
        return new Batches(selected, true, itemsMax, bytesMax, batchInput);
    }

    private int intField(State.MapState m, JsonNode b, String field, JsonNode effective, int absent) {
        JsonNode v = b.has(field + "Path")
                ? engine.payloads().select(b.get(field + "Path").asText(), effective, m.name(), field + "Path")
                : b.get(field);
        if (v == null) {
            return absent;
        }
        if (!v.canConvertToInt() || v.asInt() <= 0) {
            throw new StatesError(ErrorNames.RUNTIME, "state '" + m.name() + "': ItemBatcher." + field + " must be a positive integer");
        }
        return v.asInt();
    }

    /**
     * Starts children as batches are formed, each on its own virtual thread; the control bounds
     * both concurrency and items in memory, and refuses to start more once the run has failed.
     * Children are never joined here: a stopped run leaves them to finish on their own.
     */
    private void dispatch(State.MapState m, Batches batches, JsonNode previous, MapRunControl control,
                          String mapRunArn, Scope scope) {
        String runId = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
        Thread.Builder threads = Thread.ofVirtual().name("map-" + runId.substring(0, 8) + "-", 0);
        for (int index = 0; batches.hasNext() && !control.stopped(); index++) {
            Batches.Batch batch = batches.next();
            JsonNode before = previous == null ? null : previous.path("Children").path(index);
            if (before != null && ChildResult.SUCCEEDED.equals(before.path("Status").asText())) {
                control.reused(new ChildResult(index, batch.itemCount(), ChildResult.SUCCEEDED,
                        batch.serialized(), before.get("Output"), null, null));
                continue;
            }
            if (!control.start(index, batch)) {
                break;
            }
            int i = index;
            threads.start(() -> {
                ChildResult r = null;
                try {
                    r = child(m, i, batch, runId, scope, control);
                    // Render the ResultWriter entry here, on the child's thread: the map's end stays cheap.
                    r = m.resultWriter() == null ? r : r.withEntry(MapResultWriter.render(r, mapRunArn));
                } finally {
                    control.finished(r != null ? r : new ChildResult(i, batch.itemCount(), ChildResult.FAILED,
                            batch.serialized(), null, ErrorNames.RUNTIME, "the child execution ended abnormally"));
                }
            });
        }
        control.allStarted();
    }

    private ChildResult child(State.MapState m, int index, Batches.Batch batch, String runId, Scope parent,
                             MapRunControl control) {
        String name = runId.substring(0, 8) + "-" + index;
        String arn = parent.stateMachineArn().replace(":stateMachine:", ":execution:") + "/" + m.name() + ":" + name;
        Scope scope = new Scope(arn, name, batch.input(), engine.clock().instant(), parent.redriveCount(),
                parent.stateMachineArn() + "/" + m.name(), m.name(), History.NONE, null,
                () -> control.stopped() || parent.stopped());
        try {
            if (batch.serialized().length > Payloads.PAYLOAD_BYTES_MAX) {
                throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "child execution input over " + Payloads.PAYLOAD_BYTES_MAX + " bytes");
            }
            JsonNode out = interpreter.run(m.processor(), m.processor().startAt(), batch.input(), scope, false);
            return new ChildResult(index, batch.itemCount(), ChildResult.SUCCEEDED, batch.serialized(), out, null, null);
        } catch (StatesError e) {
            return new ChildResult(index, batch.itemCount(), ChildResult.FAILED, batch.serialized(), null, e.error(), e.cause());
        } catch (RuntimeException e) {
            // A bug in a handler adapter or here must fail this child, not hang the whole run.
            return new ChildResult(index, batch.itemCount(), ChildResult.FAILED, batch.serialized(), null,
                    ErrorNames.RUNTIME, e.toString());
        }
    }

    static ObjectNode errorOutput(ChildResult r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("Error", r.aborted() ? ChildResult.ABORTED : r.error());
        return r.cause() == null ? o : o.put("Cause", r.cause());
    }
}
