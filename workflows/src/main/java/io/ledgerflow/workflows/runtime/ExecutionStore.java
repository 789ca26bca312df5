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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Executions under {@code <home>/executions/<name>/}: {@code execution.json} (status, input,
 * output or error, the definition it ran, where it failed), {@code history.jsonl} (one event a
 * line) and {@code mapruns/<state>.json} (per-child results for redrive).
 */
public final class ExecutionStore implements MapRunStore {

    /** AWS allows 80 characters; we also keep names safe as folder names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,79}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Clock clock;

    public ExecutionStore(Path home, Clock clock) {
        this.root = home.resolve("executions");
        this.clock = clock;
    }

    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("execution name '" + name + "' must be 1-80 characters of A-Z a-z 0-9 _ . -");
        }
    }

    public Optional<ObjectNode> load(String name) {
        Path file = dir(name).resolve("execution.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void save(String name, ObjectNode record) {
        write(dir(name).resolve("execution.json"), record.toPrettyString());
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

    @Override
    public Optional<JsonNode> load(String executionName, String state) {
        Path file = dir(executionName).resolve("mapruns").resolve(fileName(state));
        try {
            return Files.exists(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void save(String executionName, String state, JsonNode mapRun) {
        write(dir(executionName).resolve("mapruns").resolve(fileName(state)), mapRun.toString());
    }

    private Path dir(String name) {
        checkName(name);
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

    private static long countLines(Path file) {
        try (var lines = Files.exists(file) ? Files.lines(file) : java.util.stream.Stream.<String>empty()) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
