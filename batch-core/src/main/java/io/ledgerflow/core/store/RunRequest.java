package io.ledgerflow.core.store;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a caller asks for when it begins a run. The run id is the caller's (a workflow execution
 * name, say), so a retried workflow resumes its own run instead of starting another.
 *
 * @param reason why the run was requested; required for a rerun, may be empty for the daily run
 */
public record RunRequest(
        String runId, LocalDate businessDate, LocalDate ruleSetEffectiveFrom, String requestedBy, String reason) {

    public RunRequest {
        RunIds.require(runId);
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(ruleSetEffectiveFrom, "ruleSetEffectiveFrom");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
        if (requestedBy.isBlank()) {
            throw new IllegalArgumentException("requestedBy must name who asked for the run");
        }
    }
}
