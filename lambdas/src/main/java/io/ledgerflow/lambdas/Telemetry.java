package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;
import software.amazon.lambda.powertools.metrics.provider.MetricsProvider;

/**
 * What an invocation tells operators, through Powertools for AWS Lambda (Java) v2: every log line
 * of the invocation carries Lambda's fields (function, request id, cold start, X-Ray trace id) and
 * the business keys of the event ({@value #EXECUTION}, {@value #RUN_ID}, {@value #BUSINESS_DATE},
 * {@value #MONTH}); its metrics leave in CloudWatch's embedded metric format, one document per
 * invocation, under the namespace {@code POWERTOOLS_METRICS_NAMESPACE} with the dimensions
 * {@code Service} and {@value #STEP}.
 *
 * <p>On AWS the log lines and the EMF documents go to standard output, which Lambda sends to the
 * function's log group, where CloudWatch extracts the metrics. The embedded runtime hosts every
 * function in one process: it sends both to the home's log file ({@link #useMetricsProvider}).
 */
public final class Telemetry {

    /** The event field every Task payload of the state machines carries: {@code $$.Execution.Id}. */
    public static final String EXECUTION = "execution";
    public static final String RUN_ID = "runId";
    public static final String BUSINESS_DATE = "businessDate";
    public static final String MONTH = "month";
    /** The dimension naming the Task: the handler's name without {@code Handler}. */
    public static final String STEP = "Step";

    public static final String LINES_READ = "LinesRead";
    public static final String LINES_POSTED = "LinesPosted";
    public static final String LINES_QUARANTINED = "LinesQuarantined";
    public static final String ENTRIES_WRITTEN = "EntriesWritten";
    public static final String THROTTLED_WRITES = "ThrottledWrites";
    public static final String STEP_DURATION = "StepDuration";
    public static final String STEP_FAILED = "StepFailed";
    /** Every metric a handler emits; the template's dashboard shows each of them. */
    public static final List<String> METRICS = List.of(LINES_READ, LINES_POSTED, LINES_QUARANTINED,
            ENTRIES_WRITTEN, THROTTLED_WRITES, STEP_DURATION, STEP_FAILED);

    /** The template's Globals set these (Powertools' own variables). */
    public static final String NAMESPACE_ENV = "POWERTOOLS_METRICS_NAMESPACE";
    public static final String SERVICE_ENV = "POWERTOOLS_SERVICE_NAME";
    static final String DEFAULT_NAMESPACE = "Ledgerflow";
    static final String DEFAULT_SERVICE = "ledgerflow";

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    private static final List<String> KEYS = List.of(EXECUTION, RUN_ID, BUSINESS_DATE, MONTH);

    private static volatile MetricsProvider metricsProvider = new EmfMetricsProvider();
    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    private Telemetry() {}

    /**
     * Where EMF documents go: on AWS, Powertools' own provider (standard output, Lambda's log
     * capture). A host of many functions in one process (the embedded runtime) sets its own; each
     * invocation gets an instance of its own from it, so concurrent invocations never share one.
     */
    public static void useMetricsProvider(MetricsProvider provider) {
        metricsProvider = provider;
    }

    /**
     * Runs {@code work} as one invocation of {@code step}: logging initialised from {@code context}
     * with the event's business keys, and the invocation's metrics flushed at the end, with its
     * duration and, when it throws, a failure.
     */
    static <T> T invoke(String step, Context context, Map<String, String> keys, Invocation.Work<T> work) {
        Context ctx = FunctionContext.of(context);
        return PowertoolsLogging.withLogging(ctx, (Supplier<T>) () -> {
            Invocation invocation = new Invocation(step, keys);
            CURRENT.set(invocation);
            try {
                return invocation.run(work);
            } finally {
                CURRENT.remove();
            }
        });
    }

    /** Adds {@code value} to the count {@code name} of the invocation running on this thread, if any. */
    static void count(String name, long value) {
        Invocation invocation = CURRENT.get();
        if (invocation != null) {
            invocation.count(name, value);
        }
    }

    /**
     * The business keys of an event: {@value #RUN_ID}, {@value #BUSINESS_DATE} and {@value #MONTH}
     * at its top level or in a Distributed Map's {@code BatchInput}, and the {@value #EXECUTION}
     * field, which is removed from the event (the state machines add it to every Task payload for
     * the logs; it is not part of any event's shape).
     */
    static Map<String, String> keysOf(JsonNode event) {
        Map<String, String> keys = new LinkedHashMap<>();
        collect(event, keys);
        collect(event.path("BatchInput"), keys);
        return keys;
    }

    private static void collect(JsonNode node, Map<String, String> keys) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (String key : KEYS) {
            JsonNode value = object.get(key);
            if (value != null && value.isValueNode() && !value.isNull()) {
                keys.putIfAbsent(key, value.asText());
            }
        }
        object.remove(EXECUTION);
    }

    /** One invocation: its log keys, its metrics, its clock. */
    static final class Invocation {

        /** The handler's work; it may add counts ({@link Telemetry#count}). */
        @FunctionalInterface
        interface Work<T> {
            T run() throws Exception;
        }

        private final String step;
        private final Metrics metrics;
        private final long startNanos = System.nanoTime();

        Invocation(String step, Map<String, String> keys) {
            this.step = step;
            Map<String, String> env = FunctionEnvironment.current();
            // Powertools reads the service from the process environment; the embedded runtime
            // binds each function's variables to its thread instead.
            MDC.put("service", env.getOrDefault(SERVICE_ENV, DEFAULT_SERVICE));
            MDC.put("step", step);
            keys.forEach(MDC::put);
            this.metrics = metricsProvider.getMetricsInstance();
            metrics.setNamespace(env.getOrDefault(NAMESPACE_ENV, DEFAULT_NAMESPACE));
            metrics.setDefaultDimensions(DimensionSet.of("Service", env.getOrDefault(SERVICE_ENV, DEFAULT_SERVICE),
                    STEP, step));
            keys.forEach(metrics::addMetadata);
        }

        /** Adds {@code value} to the count {@code name} of this invocation. */
        void count(String name, long value) {
            metrics.addMetric(name, value, MetricUnit.COUNT);
        }

        /** {@code e} as it is (a checked one included): the runtime reports its own type. */
        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E rethrown(Throwable e) throws E {
            throw (E) e;
        }

        <T> T run(Work<T> work) {
            LOG.info("{} started", step);
            boolean failed = true;
            try {
                T result = work.run();
                failed = false;
                return result;
            } catch (Throwable e) {
                LOG.error("{} failed: {}", step, e.getMessage(), e);
                throw Invocation.<RuntimeException>rethrown(e);
            } finally {
                long millis = (System.nanoTime() - startNanos) / 1_000_000;
                metrics.addMetric(STEP_DURATION, millis, MetricUnit.MILLISECONDS);
                if (failed) {
                    count(STEP_FAILED, 1);
                } else {
                    LOG.info("{} done in {} ms", step, millis);
                }
                metrics.flush();
            }
        }
    }
}
