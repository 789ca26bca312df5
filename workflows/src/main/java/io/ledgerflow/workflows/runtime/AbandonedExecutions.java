package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Executions recorded RUNNING under a home whose process is gone. The runtime runs an execution in
 * the process that started it; when that process is killed, the record stays RUNNING and nothing
 * will ever end it, so it could not be redriven. The owner of the home ({@code HomeLock} in the
 * CLI) knows when that is the case, finds them here ({@link #running}) and ends them
 * ({@link #abort}) as AWS ends an execution stopped from outside: ABORTED, with an error and a
 * cause, redrivable from the state it was in (RedriveExecution resumes "from the unsuccessful
 * step", {@link RedrivePolicy}).
 */
public final class AbandonedExecutions {

    /** The history event AWS records when an execution is stopped. */
    static final String ABORTED_EVENT = "ExecutionAborted";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutionStore store;
    private final Clock clock;

    public AbandonedExecutions(Path home, Clock clock) {
        this.store = new ExecutionStore(home, clock);
        this.clock = clock;
    }

    /** Every execution recorded RUNNING, by name. */
    public List<Execution> running() {
        return store.names().stream().sorted().map(store::load).flatMap(Optional::stream).filter(Execution::running).toList();
    }

    /**
     * Records {@code running} ABORTED with {@code error} and {@code cause}, at the top-level state
     * its history shows it in (entered, not exited), with that state's input, so that a redrive
     * resumes there; between two states, a redrive resumes where it last failed, else at StartAt.
     */
    public Execution abort(Execution running, String error, String cause) {
        Optional<Entered> at = stateRunning(running);
        store.history(running.name()).record(ABORTED_EVENT, null,
                JsonNodeFactory.instance.objectNode().put("Error", error).put("Cause", cause));
        Execution aborted = running.abortedAt(error, cause, at.map(Entered::state).orElse(null),
                at.map(Entered::input).orElse(null), clock.instant());
        store.save(aborted);
        return aborted;
    }

    private record Entered(String state, JsonNode input) {}

    /** The top-level state last entered and not exited since, with the input it entered with. */
    private Optional<Entered> stateRunning(Execution e) {
        Set<String> topLevel = topLevelStates(e.definition());
        Entered current = null;
        for (JsonNode event : store.historyEvents(e.name())) {
            String type = event.path("type").asText();
            String state = event.path("state").asText(null);
            if (state == null || !topLevel.contains(state)) {
                continue; // a branch's or an iteration's state, or an execution event
            }
            if (type.endsWith("StateEntered")) {
                current = new Entered(state, event.hasNonNull("details") ? event.get("details") : JsonNodeFactory.instance.nullNode());
            } else if (type.endsWith("StateExited") && current != null && current.state().equals(state)) {
                current = null;
            }
        }
        return Optional.ofNullable(current);
    }

    private static Set<String> topLevelStates(String definition) {
        try {
            Set<String> names = new HashSet<>();
            JSON.readTree(definition).path("States").fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("an execution's definition does not read back", e);
        }
    }
}
