package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.crash.CrashPoint;
import io.ledgerflow.workflows.asl.Catcher;
import io.ledgerflow.workflows.asl.ChoiceRule;
import io.ledgerflow.workflows.asl.Retrier;
import io.ledgerflow.workflows.asl.State;
import io.ledgerflow.workflows.asl.StateMachine;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs a state machine (or a branch, or a Map's item processor) state by state. */
public final class Interpreter {

    /** State transitions per machine run; AWS caps a Standard execution's history at 25,000 events. */
    static final int TRANSITIONS_MAX = 25_000;
    /** Inline Map iterations run at once when MaxConcurrency is 0 (AWS runs up to 40). */
    static final int INLINE_CONCURRENCY_MAX = 40;

    static final String EXECUTION_TIMED_OUT = "The execution exceeded its TimeoutSeconds";
    /** AWS refuses a Wait longer than this (2^31 - 1 seconds: 24,855 days pass, 24,856 fail). */
    static final long WAIT_SECONDS_MAX = Integer.MAX_VALUE;

    private final Engine engine;
    private final Payloads payloads;
    private final DistributedMap distributedMap;

    public Interpreter(Engine engine) {
        this.engine = engine;
        this.payloads = engine.payloads();
        this.distributedMap = new DistributedMap(engine, this);
    }

    private record Step(JsonNode output, String next) {}

    /** Runs {@code machine} from {@code startAt}; returns its output or throws the failing state's error. */
    public JsonNode run(StateMachine machine, String startAt, JsonNode input, Scope scope, boolean topLevel) {
        String name = startAt;
        JsonNode data = input;
        for (int transitions = 0; ; transitions++) {
            if (transitions >= TRANSITIONS_MAX) {
                throw new StatesError(ErrorNames.RUNTIME, "more than " + TRANSITIONS_MAX + " state transitions");
            }
            State state = machine.state(name);
            Step step;
            long entered = 0;
            try {
                checkDeadline(scope);
                checkStopped(scope, name);
                entered = scope.record(type(state) + "StateEntered", name, data);
                CrashPoint.state(name, false);
                step = execute(state, data, scope, entered);
                scope.history().record(type(state) + "StateExited", name, step.output());
                CrashPoint.state(name, true);
            } catch (StatesError e) {
                if (topLevel) {
                    scope.failedAt(name, data);
                }
                throw e.located(name, entered);
            }
            if (step.next() == null) {
                return step.output();
            }
            name = step.next();
            data = step.output();
        }
    }

    private Step execute(State state, JsonNode raw, Scope scope, long entered) {
        Instant enteredTime = engine.clock().instant();
        return switch (state) {
            case State.Pass p -> new Step(pass(p, raw, scope.context(p.name(), enteredTime, null)), p.next());
            case State.Task t -> withErrorHandling(t.name(), t.errors(), t.next(), raw, scope, entered,
                    ctx -> task(t, raw, ctx, scope));
            case State.Parallel p -> withErrorHandling(p.name(), p.errors(), p.next(), raw, scope, entered,
                    ctx -> parallel(p, raw, ctx, scope));
            case State.MapState m -> withErrorHandling(m.name(), m.errors(), m.next(), raw, scope, entered,
                    ctx -> map(m, raw, ctx, scope));
            case State.Choice c -> choice(c, raw, scope.context(c.name(), enteredTime, null));
            case State.Wait w -> new Step(waitState(w, raw, scope.context(w.name(), enteredTime, null), scope), w.next());
            case State.Succeed s -> new Step(succeed(s, raw, scope.context(s.name(), enteredTime, null)), null);
            case State.Fail f -> throw fail(f, raw, scope.context(f.name(), enteredTime, null));
        };
    }

    private JsonNode succeed(State.Succeed s, JsonNode raw, JsonNode ctx) {
        JsonNode effective = payloads.select(s.io().inputPath(), raw, ctx, "InputPath");
        return payloads.select(s.io().outputPath(), effective, ctx, "OutputPath");
    }

    private interface Body {
        JsonNode run(JsonNode context);
    }

    /** Retry then Catch, as AWS applies them: the first matching retrier, else the first matching catcher. */
    private Step withErrorHandling(String name, State.Errors errors, String next, JsonNode raw, Scope scope, long entered,
                                   Body body) {
        int[] attempts = new int[errors.retry().size()];
        int retryCount = 0;
        while (true) {
            try {
                JsonNode ctx = scope.context(name, engine.clock().instant(), retryCount);
                return new Step(body.run(ctx), next);
            } catch (StatesError thrown) {
                StatesError e = thrown.located(name, entered);
                int r = firstRetrier(errors.retry(), e);
                if (r >= 0 && attempts[r] < errors.retry().get(r).maxAttempts()) {
                    Duration delay = RetryDelays.delay(errors.retry().get(r), attempts[r]++, engine.random());
                    scope.history().record("StateRetried", name, errorJson(e).put("DelaySeconds", delay.toMillis() / 1000.0));
                    sleep(delay);
                    checkStopped(scope, name); // a stopped execution does not retry
                    retryCount++;
                    continue;
                }
                for (Catcher c : errors.catchers()) {
                    if (ErrorNames.matches(c.errorEquals(), e)) {
                        scope.history().record("StateCaught", name, errorJson(e));
                        return new Step(payloads.merge(c.resultPath(), raw, errorJson(e), name), c.next());
                    }
                }
                throw e;
            }
        }
    }

    private static int firstRetrier(List<Retrier> retry, StatesError error) {
        for (int i = 0; i < retry.size(); i++) {
            if (ErrorNames.matches(retry.get(i).errorEquals(), error)) {
                return i;
            }
        }
        return -1;
    }

    private JsonNode pass(State.Pass p, JsonNode raw, JsonNode ctx) {
        JsonNode effective = effectiveInput(p.io(), raw, ctx, p.name());
        JsonNode result = p.result() != null ? p.result() : effective;
        return finish(p.io(), p.name(), raw, result, ctx);
    }

    private JsonNode task(State.Task t, JsonNode raw, JsonNode ctx, Scope scope) {
        JsonNode selected = payloads.select(t.io().inputPath(), raw, ctx, "InputPath");
        JsonNode effective = Payloads.checkSize(t.io().parameters() == null ? selected
                : payloads.template(t.io().parameters(), selected, ctx, t.name()), t.name());
        Integer timeoutSeconds = timeoutSeconds(t, selected);
        scope.history().record("TaskScheduled", t.name(), JsonNodeFactory.instance.objectNode().put("Resource", t.resource()));
        JsonNode result;
        try {
            result = TaskTimeouts.call(() -> engine.tasks().invoke(t.resource(), effective, t.name()),
                    timeoutSeconds);
        } catch (StatesError e) {
            scope.history().record("TaskFailed", t.name(), errorJson(e));
            throw e;
        }
        if (Payloads.sizeBytes(result) > Payloads.PAYLOAD_BYTES_MAX) {
            StatesError e = StatesError.taskFailure(ErrorNames.DATA_LIMIT_EXCEEDED, Payloads.overQuota(resultSource(t.resource())));
            scope.history().record("TaskFailed", t.name(), errorJson(e));
            throw e;
        }
        scope.history().record("TaskSucceeded", t.name(), result);
        return finish(t.io(), t.name(), raw, result, ctx);
    }

    /**
     * What AWS names in a task result's DataLimitExceeded cause: a Lambda function's ARN as
     * written, or for an integration ({@code arn:aws:states:::lambda:invoke}) its service.
     */
    static String resultSource(String resource) {
        String integration = "arn:aws:states:::";
        if (resource.startsWith(integration)) {
            String rest = resource.substring(integration.length());
            int colon = rest.indexOf(':');
            return colon < 0 ? rest : rest.substring(0, colon);
        }
        return resource;
    }

    /** TimeoutSecondsPath reads the state's input (after InputPath, before Parameters), as AWS does. */
    private Integer timeoutSeconds(State.Task t, JsonNode stateInput) {
        if (t.timeoutSecondsPath() == null) {
            return t.timeoutSeconds();
        }
        JsonNode v = payloads.select(t.timeoutSecondsPath(), stateInput, t.name(), "TimeoutSecondsPath");
        if (!v.canConvertToInt() || v.asInt() <= 0) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The TimeoutSecondsPath field refers to value \"" + text(v)
                    + "\" which is not a valid positive integer: " + t.timeoutSecondsPath());
        }
        return v.asInt();
    }

    private JsonNode parallel(State.Parallel p, JsonNode raw, JsonNode ctx, Scope scope) {
        JsonNode effective = Payloads.checkSize(effectiveInput(p.io(), raw, ctx, p.name()), p.name());
        List<Callable<JsonNode>> branches = new ArrayList<>();
        for (StateMachine b : p.branches()) {
            branches.add(() -> run(b, b.startAt(), effective, scope, false));
        }
        JsonNode results = JsonNodeFactory.instance.arrayNode().addAll(Concurrent.runAll(branches, branches.size()));
        return finish(p.io(), p.name(), raw, results, ctx);
    }

    private JsonNode map(State.MapState m, JsonNode raw, JsonNode ctx, Scope scope) {
        JsonNode effective = payloads.select(m.io().inputPath(), raw, ctx, "InputPath");
        JsonNode results = m.distributed()
                ? distributedMap.run(m, effective, ctx, scope)
                : inlineMap(m, effective, ctx, scope);
        return finish(m.io(), m.name(), raw, results, ctx);
    }

    private JsonNode inlineMap(State.MapState m, JsonNode effective, JsonNode ctx, Scope scope) {
        JsonNode items = payloads.select(m.itemsPath(), effective, ctx, "ItemsPath");
        if (!items.isArray()) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The ItemsPath '" + m.itemsPath() + "' did not select an array");
        }
        List<Callable<JsonNode>> iterations = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode itemInput = selectItem(m, effective, ctx, i, items.get(i));
            iterations.add(() -> run(m.processor(), m.processor().startAt(), itemInput, scope, false));
        }
        int concurrency = maxConcurrency(m, effective);
        int bounded = concurrency == 0 ? INLINE_CONCURRENCY_MAX : Math.min(concurrency, INLINE_CONCURRENCY_MAX);
        return JsonNodeFactory.instance.arrayNode().addAll(Concurrent.runAll(iterations, bounded));
    }

    /** ItemSelector (or the legacy Parameters) for one item, with $$.Map.Item.Index and .Value. */
    JsonNode selectItem(State.MapState m, JsonNode effective, JsonNode ctx, long index, JsonNode item) {
        if (m.itemSelector() == null) {
            return item;
        }
        ObjectNode itemCtx = JsonNodeFactory.instance.objectNode().setAll((ObjectNode) ctx); // shallow: shares Execution
        // An int node, as parsing the JSON would give: item indexes stay below ItemReaders.ITEMS_MAX.
        itemCtx.putObject("Map").putObject("Item").put("Index", Math.toIntExact(index)).set("Value", item);
        return payloads.template(m.itemSelector(), effective, itemCtx, m.name());
    }

    int maxConcurrency(State.MapState m, JsonNode effective) {
        if (m.maxConcurrencyPath() == null) {
            return m.maxConcurrency() == null ? 0 : m.maxConcurrency();
        }
        JsonNode v = payloads.select(m.maxConcurrencyPath(), effective, m.name(), "MaxConcurrencyPath");
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The MaxConcurrencyPath field refers to value \"" + text(v)
                    + "\" which is not a valid integer: " + m.maxConcurrencyPath());
        }
        return v.asInt();
    }

    private Step choice(State.Choice c, JsonNode raw, JsonNode ctx) {
        JsonNode effective = payloads.select(c.io().inputPath(), raw, ctx, "InputPath");
        JsonNode output = payloads.select(c.io().outputPath(), effective, ctx, "OutputPath");
        for (ChoiceRule rule : c.choices()) {
            if (ChoiceEvaluator.matches(rule, effective, ctx, c.name())) {
                return new Step(output, rule.next());
            }
        }
        if (c.defaultNext() != null) {
            return new Step(output, c.defaultNext());
        }
        throw new StatesError(ErrorNames.NO_CHOICE_MATCHED, "No Matches! (state '" + c.name() + "')");
    }

    private JsonNode waitState(State.Wait w, JsonNode raw, JsonNode ctx, Scope scope) {
        JsonNode effective = payloads.select(w.io().inputPath(), raw, ctx, "InputPath");
        Instant now = engine.clock().instant();
        Duration d;
        if (w.seconds() != null) {
            d = Duration.ofSeconds(w.seconds());
        } else if (w.secondsPath() != null) {
            d = Duration.ofSeconds(secondsPath(w.secondsPath(), effective));
        } else if (w.timestamp() != null) {
            d = Duration.between(now, timestamp(w.timestamp(), "The Timestamp field cannot be parsed as an ISO-8601 "
                    + "extended offset date-time format string: " + w.timestamp()));
        } else {
            JsonNode v = waitInput(w.timestampPath(), effective, "TimestampPath");
            d = Duration.between(now, timestamp(v.isTextual() ? v.textValue() : null, "The TimestampPath parameter does not "
                    + "reference a valid ISO-8601 extended offset date-time format string: " + w.timestampPath() + " == " + text(v)));
        }
        if (d.getSeconds() > WAIT_SECONDS_MAX) {
            throw StatesError.inState(ErrorNames.RUNTIME, "Wait state delay is too long.");
        }
        if (scope.deadline() != null && now.plus(d).isAfter(scope.deadline())) {
            // The execution's TimeoutSeconds ends during the wait: AWS times the execution out then.
            sleep(Duration.between(now, scope.deadline()));
            throw new StatesError(ErrorNames.TIMEOUT, EXECUTION_TIMED_OUT + " of " + machineTimeout(scope));
        }
        if (!d.isNegative() && !d.isZero()) {
            sleep(d);
        }
        return payloads.select(w.io().outputPath(), effective, ctx, "OutputPath");
    }

    /** SecondsPath must select a whole, non-negative number (AWS's causes name the path and the value). */
    private long secondsPath(String path, JsonNode effective) {
        JsonNode v = waitInput(path, effective, "SecondsPath");
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The SecondsPath parameter cannot be parsed as a long value: "
                    + path + " == " + text(v));
        }
        if (v.longValue() < 0) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The SecondsPath parameter references a negative value: "
                    + path + " == " + text(v));
        }
        return v.longValue();
    }

    private JsonNode waitInput(String path, JsonNode effective, String field) {
        JsonNode v = "$".equals(path) ? effective : payloads.compiled(path).readOrNull(effective);
        if (v == null) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The " + field + " parameter does not reference an input value: " + path);
        }
        return v;
    }

    /** An ISO-8601 extended offset date-time: a T between date and time, an offset (Z or ±hh:mm), any fraction. */
    private static Instant timestamp(String ts, String invalid) {
        if (ts == null) {
            throw StatesError.inState(ErrorNames.RUNTIME, invalid);
        }
        try {
            return OffsetDateTime.parse(ts, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw StatesError.inState(ErrorNames.RUNTIME, invalid);
        }
    }

    /** A value as AWS prints it in a cause: strings without quotes, other JSON as JSON. */
    private static String text(JsonNode v) {
        return v.isTextual() ? v.textValue() : v.toString();
    }

    private StatesError fail(State.Fail f, JsonNode raw, JsonNode ctx) {
        String error = f.errorPath() != null ? failText(payloads.dynamic("ErrorPath", f.errorPath(), raw, ctx, f.name()), "ErrorPath") : f.error();
        String cause = f.causePath() != null ? failText(payloads.dynamic("CausePath", f.causePath(), raw, ctx, f.name()), "CausePath") : f.cause();
        return new StatesError(error, cause);
    }

    private static String failText(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw StatesError.inState(ErrorNames.RUNTIME, "The " + field + " field must select a string, but was " + v);
        }
        return v.textValue();
    }

    JsonNode effectiveInput(State.Io io, JsonNode raw, JsonNode ctx, String state) {
        JsonNode selected = payloads.select(io.inputPath(), raw, ctx, "InputPath");
        return io.parameters() == null ? selected : payloads.template(io.parameters(), selected, ctx, state);
    }

    /** ResultSelector, then ResultPath against the raw input, then OutputPath; each output is size-checked. */
    JsonNode finish(State.Io io, String state, JsonNode raw, JsonNode result, JsonNode ctx) {
        JsonNode selected = io.resultSelector() == null ? result : payloads.template(io.resultSelector(), result, ctx, state);
        JsonNode merged = payloads.merge(io.resultPath(), raw, selected, state);
        return Payloads.checkSize(payloads.select(io.outputPath(), merged, ctx, "OutputPath"), state);
    }

    private void checkDeadline(Scope scope) {
        if (scope.deadline() != null && engine.clock().instant().isAfter(scope.deadline())) {
            throw new StatesError(ErrorNames.TIMEOUT, EXECUTION_TIMED_OUT + " of " + machineTimeout(scope));
        }
    }

    private static void checkStopped(Scope scope, String state) {
        if (scope.stopped()) {
            throw new ExecutionStoppedException("execution " + scope.executionName() + " was stopped before state '"
                    + state + "': its Map Run failed");
        }
    }

    private static String machineTimeout(Scope scope) {
        return "(deadline " + scope.deadline() + ")";
    }

    private void sleep(Duration d) {
        try {
            engine.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError(ErrorNames.RUNTIME, "execution interrupted while waiting");
        }
    }

    static ObjectNode errorJson(StatesError e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("Error", e.error());
        return e.cause() == null ? o : o.put("Cause", e.cause());
    }

    private static String type(State s) {
        return switch (s) {
            case State.MapState m -> "Map";
            default -> s.getClass().getSimpleName();
        };
    }
}
