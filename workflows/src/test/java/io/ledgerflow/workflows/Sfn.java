package io.ledgerflow.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.workflows.asl.Definitions;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.MapFailureMode;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Test fixture: an embedded runtime over a temp home, with registered handlers and a recording sleeper. */
public final class Sfn {

    public static final ObjectMapper JSON = new ObjectMapper();
    public final Path home;
    public final ObjectStore s3;
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final LambdaFunctions.Builder functions = LambdaFunctions.builder();
    private Map<String, String> substitutions = Map.of();
    private MapFailureMode mapFailure = MapFailureMode.FAIL_AT_ONCE;
    private Clock clock = Clock.systemUTC();
    private WorkflowRuntime runtime;

    public Sfn(Path home) {
        this.home = home;
        this.s3 = new FileSystemObjectStore(home.resolve("s3"));
    }

    /** A function whose handler Lambda's runtime interface client loads: {@code type}'s no-argument constructor. */
    public Sfn handler(String function, Class<?> type) {
        functions.deploy(function, type.getName());
        runtime = null;
        return this;
    }

    /** A function as a template declares it (handler string, timeout, variables), loaded by Lambda's runtime client. */
    public Sfn function(io.ledgerflow.workflows.template.FunctionSpec spec) {
        functions.deploy(spec, Map.of(), getClass().getClassLoader());
        runtime = null;
        return this;
    }

    public Sfn handler(String function, Class<?> type, Supplier<?> instance) {
        functions.register(function, type, instance);
        runtime = null;
        return this;
    }

    /** AWS's {@link MapFailureMode#FAIL_AT_ONCE} unless a test needs every child to run. */
    public Sfn mapFailure(MapFailureMode mode) {
        this.mapFailure = mode;
        runtime = null;
        return this;
    }

    /** The runtime's clock (the system's unless a test fixes it: a Wait until a time then waits a known span). */
    public Sfn clock(Clock clock) {
        this.clock = clock;
        runtime = null;
        return this;
    }

    public Sfn substitutions(Map<String, String> values) {
        this.substitutions = values;
        return this;
    }

    public ExecutionResult run(String definition, String input) {
        return run(definition, input, null);
    }

    public ExecutionResult run(String definition, String input, String name) {
        try {
            String text = Definitions.substitute(definition, substitutions);
            return runtime().start("Test", text, JSON.readTree(input), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ExecutionResult redrive(String name) {
        return runtime().redrive(name);
    }

    /** Sleeps are recorded, not slept: retry and wait tests assert the delays without waiting. */
    private WorkflowRuntime runtime() {
        if (runtime == null) {
            runtime = new WorkflowRuntime(home, functions.build(), s3, sleeps::add, clock, new Random(42),
                    mapFailure);
        }
        return runtime;
    }

    public void put(String bucket, String key, String content) {
        s3.put(bucket, key, content.getBytes(StandardCharsets.UTF_8));
    }

    public JsonNode json(String bucket, String key) throws IOException {
        return JSON.readTree(s3.get(bucket, key));
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource's text, e.g. {@code resource("asl/map-csv.asl.json")}. */
    public static String resource(String path) {
        try (InputStream in = Sfn.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
