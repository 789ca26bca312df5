package io.ledgerflow.workflows.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each Distributed Map run's per-child results, so that a redrive re-runs only the
 * children that failed or never ran.
 */
public interface MapRunStore {

    Optional<JsonNode> load(String executionName, String state);

    void save(String executionName, String state, JsonNode mapRun);

    /** A store that lives as long as the process (tests, and runs without --home). */
    static MapRunStore inMemory() {
        Map<String, JsonNode> runs = new ConcurrentHashMap<>();
        return new MapRunStore() {
            @Override
            public Optional<JsonNode> load(String executionName, String state) {
                return Optional.ofNullable(runs.get(executionName + "\n" + state));
            }

            @Override
            public void save(String executionName, String state, JsonNode mapRun) {
                runs.put(executionName + "\n" + state, mapRun);
            }
        };
    }
}
