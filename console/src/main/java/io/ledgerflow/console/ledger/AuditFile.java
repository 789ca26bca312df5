package io.ledgerflow.console.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.console.backend.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the local console itself saw (sign-ins, refused sign-ins, refused requests), one JSON object
 * a line under the home ({@code console/audit.jsonl}), appended and never rewritten. Runs, closes
 * and reopens are not here: the ledger keeps those ({@link LedgerViews#audit}).
 */
public final class AuditFile {

    public static final String RELATIVE_PATH = "console/audit.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events read back at most (the newest); older ones stay in the file. */
    private static final int EVENTS_READ_MAX = 100_000;

    private final Path file;

    public AuditFile(Path file) {
        this.file = file;
    }

    public static AuditFile of(Path home) {
        return new AuditFile(home.resolve(RELATIVE_PATH));
    }

    public synchronized void append(AuditEvent event) {
        String line = JSON.createObjectNode().put("at", event.at().toString()).put("action", event.action())
                .put("by", event.by()).put("subject", event.subject()).put("outcome", event.outcome())
                .put("reason", event.reason()).toString() + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the console's audit file " + file, e);
        }
    }

    public synchronized List<AuditEvent> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's audit file " + file, e);
        }
        List<AuditEvent> events = new ArrayList<>();
        for (String line : lines.subList(Math.max(0, lines.size() - EVENTS_READ_MAX), lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode e = JSON.readTree(line);
                events.add(new AuditEvent(Instant.parse(e.path("at").asText()), e.path("action").asText(),
                        e.path("by").asText(), e.path("subject").asText(), e.path("outcome").asText(),
                        e.path("reason").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException("a line of " + file + " is not JSON", e);
            }
        }
        return events;
    }
}
