package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Executions under {@code <home>/executions/<name>/}: {@code execution.json} (the {@link Execution}
 * record), {@code history.jsonl} (one event a line) and {@code mapruns/<state>.json} (per-child
 * results for redrive).
 *
 * <p>{@code execution.json} holds {@code name, executionArn, stateMachineName, stateMachineArn,
 * status, startDate, stopDate, redriveCount, redriveDate, definition, input, output, error, cause,
 * failedState, failedStateInput} (dates ISO-8601; absent when null). Records written before they
 * held ARNs (no {@code stateMachineArn}) are read with ARNs derived in {@link StatesArns#LOCAL} from
 * the state machine name, or under a new name ({@link #load(String, Map)}), and are written in the
 * current form when next saved.
 */
public final class ExecutionStore implements MapRunStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = "execution.json";

    private final Path root;
    private final Clock clock;

    public ExecutionStore(Path home, Clock clock) {
        this.root = home.resolve("executions");
        this.clock = clock;
    }

    public Optional<Execution> load(String name) {
        return load(name, Map.of());
    }

    /**
     * As {@link #load(String)}; a record of the older form whose state machine name is a key of
     * {@code renamed} is read as an execution of the state machine whose ARN is the value.
     */
    public Optional<Execution> load(String name, Map<String, String> renamed) {
        Path file = dir(name).resolve(RECORD);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson((ObjectNode) JSON.readTree(file.toFile()), renamed));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public void save(Execution execution) {
        write(dir(execution.name()).resolve(RECORD), toJson(execution).toPrettyString());
    }

    /** The names of every recorded execution, in no particular order. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(RECORD))).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    static ObjectNode toJson(Execution e) {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("name", e.name()).put("executionArn", e.arn())
                .put("stateMachineName", e.stateMachineName()).put("stateMachineArn", e.stateMachineArn())
                .put("status", e.status().name()).put("startDate", e.startDate().toString());
        putIfSet(r, "stopDate", e.stopDate());
        r.put("redriveCount", e.redriveCount());
        putIfSet(r, "redriveDate", e.redriveDate());
        r.put("definition", e.definition());
        r.set("input", e.input());
        if (e.output() != null) {
            r.set("output", e.output());
        }
        putIfSet(r, "error", e.error());
        putIfSet(r, "cause", e.cause());
        putIfSet(r, "failedState", e.failedState());
        if (e.failedStateInput() != null) {
            r.set("failedStateInput", e.failedStateInput());
        }
        return r;
    }

    static Execution fromJson(ObjectNode r, Map<String, String> renamed) {
        String name = text(r, "name");
        String stateMachineName = text(r, "stateMachineName");
        String stateMachineArn = text(r, "stateMachineArn");
        if (stateMachineArn == null) { // the older form
            stateMachineArn = renamed.get(stateMachineName);
            if (stateMachineArn != null) {
                stateMachineName = StatesArns.parseStateMachine(stateMachineArn).name();
            } else {
                stateMachineArn = StatesArns.LOCAL.stateMachineArn(stateMachineName);
            }
        }
        ExecutionStatus status = ExecutionStatus.valueOf(text(r, "status"));
        JsonNode output = status == ExecutionStatus.SUCCEEDED && r.has("output") ? r.get("output") : null;
        Execution e = new Execution(name, StatesArns.executionArn(stateMachineArn, name), stateMachineName, stateMachineArn,
                status, r.get("input"), output, text(r, "error"), text(r, "cause"), instant(r, "startDate"),
                instant(r, "stopDate"), r.path("redriveCount").asInt(0), instant(r, "redriveDate"), text(r, "failedState"),
                r.hasNonNull("failedState") ? r.get("failedStateInput") : null, text(r, "definition"));
        String recordedArn = text(r, "executionArn");
        if (recordedArn != null && !recordedArn.equals(e.arn())) {
            throw new IllegalStateException("executionArn " + recordedArn + " is not its state machine's ARN and its name");
        }
        return e;
    }

    /** Appends history events to the execution's history.jsonl; thread-safe (branches record concurrently). */
    public History history(String name) {
        Path file = dir(name).resolve("history.jsonl");
        AtomicLong ids = new AtomicLong(countLines(file));
        return (type, state, details) -> {
            ObjectNode e = JsonNodeFactory.instance.objectNode().put("id", ids.incrementAndGet())
                    .put("timestamp", clock.instant().toString()).put("type", type);
            if (state != null) {
                e.put("state", state);
            }
            if (details != null) {
                e.set("details", details);
            }
            append(file, e.toString() + "\n");
        };
    }

    /** The execution's history events, oldest first (empty when it has none). */
    List<JsonNode> historyEvents(String name) {
        Path file = dir(name).resolve("history.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).map(ExecutionStore::event).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode event(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            // A line cut short by a process killed while appending it: nothing after it was recorded.
            return JsonNodeFactory.instance.objectNode().put("type", "Unreadable");
        }
    }

    @Override
    public Optional<JsonNode> load(String executionName, String state) {
        Path file = dir(executionName).resolve("mapruns").resolve(fileName(state));
        try {
            return Files.exists(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every map run of the execution as {@link MapRunOutcome#record} wrote it (empty when it ran none). */
    public List<JsonNode> mapRuns(String executionName) {
        Path dir = dir(executionName).resolve("mapruns");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<JsonNode> runs = new java.util.ArrayList<>();
            for (Path file : files.sorted().toList()) {
                runs.add(JSON.readTree(file.toFile()));
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    @Override
    public void save(String executionName, String state, JsonNode mapRun) {
        write(dir(executionName).resolve("mapruns").resolve(fileName(state)), mapRun.toString());
    }

    private Path dir(String name) {
        Execution.checkName(name); // also keeps the name a single, safe folder name
        return root.resolve(name);
    }

    /** State names may hold any character; a folder-safe name, unique per state name. */
    private static String fileName(String state) {
        return state.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + Integer.toHexString(state.hashCode()) + ".json";
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                w.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void putIfSet(ObjectNode r, String field, Object value) {
        if (value != null) {
            r.put(field, value.toString());
        }
    }

    private static String text(ObjectNode r, String field) {
        return r.hasNonNull(field) ? r.get(field).asText() : null;
    }

    private static Instant instant(ObjectNode r, String field) {
        return r.hasNonNull(field) ? Instant.parse(r.get(field).asText()) : null;
    }

    private static long countLines(Path file) {
        try (var lines = Files.exists(file) ? Files.lines(file) : Stream.<String>empty()) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
