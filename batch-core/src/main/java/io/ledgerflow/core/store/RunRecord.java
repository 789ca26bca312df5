package io.ledgerflow.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One run of a day, as the store keeps it for audit.
 *
 * @param previousRunId the day's current run when this run began (the one it replaces), or null
 * @param shards how many key shards the run's entries are spread over (fixed at begin, so a change
 *     of configuration never hides a run's entries)
 * @param completion counts and control totals, set when the run is published; null before
 * @param finishedAt when it was published or failed; null while started
 * @param failure why it failed; null unless FAILED (or PURGED after failing); for a SKIPPED run, why
 * @param inputDigest the SHA-256 of the run's input file (hex), or null when not known
 */
public record RunRecord(
        String runId,
        LocalDate businessDate,
        RunStatus status,
        String previousRunId,
        int shards,
        LocalDate ruleSetEffectiveFrom,
        String requestedBy,
        String reason,
        Instant startedAt,
        Instant finishedAt,
        RunCompletion completion,
        String failure,
        String inputDigest) {

    public RunRecord {
        RunIds.require(runId);
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(ruleSetEffectiveFrom, "ruleSetEffectiveFrom");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(startedAt, "startedAt");
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, got " + shards);
        }
    }

    /** A run whose input file is not known. */
    public RunRecord(String runId, LocalDate businessDate, RunStatus status, String previousRunId, int shards,
            LocalDate ruleSetEffectiveFrom, String requestedBy, String reason, Instant startedAt, Instant finishedAt,
            RunCompletion completion, String failure) {
        this(runId, businessDate, status, previousRunId, shards, ruleSetEffectiveFrom, requestedBy, reason, startedAt,
                finishedAt, completion, failure, null);
    }
}
