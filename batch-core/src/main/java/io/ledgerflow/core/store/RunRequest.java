package io.ledgerflow.core.store;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a caller asks for when it begins a run. The run id is the caller's (a workflow execution
 * name, say), so a retried workflow resumes its own run instead of starting another.
 *
 * @param reason why the run was requested; required for a rerun, may be empty for the daily run
 * @param kind a day's run or a rerun (see {@link RunRules#begin})
 * @param inputDigest the SHA-256 of the input file, hex; null when unknown (then no start is taken
 *     for a repeat of the published one)
 */
public record RunRequest(
        String runId, LocalDate businessDate, LocalDate ruleSetEffectiveFrom, String requestedBy, String reason,
        RunKind kind, String inputDigest) {

    public RunRequest {
        RunIds.require(runId);
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(ruleSetEffectiveFrom, "ruleSetEffectiveFrom");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
        if (requestedBy.isBlank()) {
            throw new IllegalArgumentException("requestedBy must name who asked for the run");
        }
        if (kind == RunKind.RERUN && reason.isBlank()) {
            throw new IllegalArgumentException("a rerun replaces a published day: it needs a reason (recorded)");
        }
    }

    /** A request whose kind follows from its id ({@link RunKind#ofRunId}), the input file unknown. */
    public RunRequest(String runId, LocalDate businessDate, LocalDate ruleSetEffectiveFrom, String requestedBy,
            String reason) {
        this(runId, businessDate, ruleSetEffectiveFrom, requestedBy, reason, RunKind.ofRunId(runId), null);
    }
}
