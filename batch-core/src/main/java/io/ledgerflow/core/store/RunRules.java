package io.ledgerflow.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of a day's runs, for every {@link JournalStore} adapter: which run may begin, be
 * written, be published and be purged. Pure: an adapter reads what the rules need, asks them, and
 * makes its write conditional on what it read (so that a concurrent change fails the write instead
 * of slipping past the rule).
 */
public final class RunRules {

    private RunRules() {}

    /**
     * What {@link JournalStore#beginRun} does.
     *
     * @param run the run to return (and to create, when {@code create})
     * @param create true when {@code run} is new and must be written, conditional on: no run with
     *     its id, the month still OPEN, and (for a day's run) still no current run for the day
     */
    public record Begin(RunRecord run, boolean create) {}

    /**
     * Decides a begin. An existing STARTED run of the id resumes; an existing SKIPPED one is
     * returned again; any other existing run of the id is refused. The month must be OPEN. A day's
     * run ({@link RunKind#DAILY}) of a day that has a published run is refused
     * ({@link DayAlreadyPublishedException}) unless it carries the same file, when it is recorded
     * SKIPPED and writes nothing. A rerun replaces the current run.
     */
    public static Begin begin(RunRequest request, PeriodState monthState, Optional<RunRecord> existing,
            Optional<RunRecord> current, int shards, Instant now) {
        LocalDate date = request.businessDate();
        if (existing.isPresent()) {
            RunRecord run = existing.get();
            if (!run.businessDate().equals(date)) {
                throw new RunStateException("run " + run.runId() + " is of " + run.businessDate() + ", not " + date);
            }
            if (run.status() == RunStatus.STARTED || run.status() == RunStatus.SKIPPED) {
                PeriodRules.requireOpen(YearMonth.from(date), monthState, "run " + request.runId() + " for " + date);
                return new Begin(run, false); // resuming a run that did not finish: its writes are idempotent
            }
            throw new RunStateException("run " + request.runId() + " for " + date + " already exists and is "
                    + run.status() + "; a new run needs a new id");
        }
        PeriodRules.requireOpen(YearMonth.from(date), monthState, "run " + request.runId() + " for " + date);
        String previous = current.map(RunRecord::runId).orElse(null);
        if (request.kind() == RunKind.DAILY && current.isPresent()) {
            RunRecord published = current.get();
            if (request.inputDigest() == null || !request.inputDigest().equals(published.inputDigest())) {
                throw new DayAlreadyPublishedException(date, request.runId(), published);
            }
            return new Begin(new RunRecord(request.runId(), date, RunStatus.SKIPPED, previous, shards,
                    request.ruleSetEffectiveFrom(), request.requestedBy(), request.reason(), now, now, null,
                    "the day's published run " + previous + " carries the same input file; nothing to do",
                    request.inputDigest()), true);
        }
        return new Begin(new RunRecord(request.runId(), date, RunStatus.STARTED, previous, shards,
                request.ruleSetEffectiveFrom(), request.requestedBy(), request.reason(), now, null, null, null,
                request.inputDigest()), true);
    }

    /** Entries are written only while the run is STARTED. */
    public static void requireWritable(RunRecord run) {
        if (run.status() != RunStatus.STARTED) {
            throw new RunStateException("run " + run.runId() + " for " + run.businessDate() + " is " + run.status()
                    + "; entries can only be written while it is STARTED");
        }
    }

    /**
     * True when the run is already the day's current run (a retried publish: return it unchanged);
     * false when it may be published (it is STARTED); throws otherwise.
     */
    public static boolean alreadyPublished(RunRecord run, String currentRunId) {
        if (run.status() == RunStatus.COMPLETED && run.runId().equals(currentRunId)) {
            return true;
        }
        if (run.status() != RunStatus.STARTED) {
            throw new RunStateException("run " + run.runId() + " for " + run.businessDate() + " is " + run.status()
                    + "; only a STARTED run can be published");
        }
        return false;
    }

    /** The run's summary must add up to its control totals, and the store must hold as many entries as it reports. */
    public static void requireComplete(RunRecord run, RunCompletion completion, List<SummaryLine> summary,
            long storedEntries) {
        if (!DaySummaries.totals(summary).equals(completion.controlTotals())) {
            throw new RunIncompleteException("run " + run.runId() + " for " + run.businessDate() + ": the summary totals "
                    + DaySummaries.totals(summary) + " differ from the control totals " + completion.controlTotals());
        }
        if (storedEntries != completion.entries()) {
            throw new RunIncompleteException("run " + run.runId() + " for " + run.businessDate() + " has " + storedEntries
                    + " entries stored but reports " + completion.entries() + "; not published");
        }
    }

    /**
     * False when the run is PURGED already (nothing to do); true when its entries may be purged
     * (SUPERSEDED or FAILED, and not the day's current run); throws otherwise.
     */
    public static boolean purgeable(RunRecord run, String currentRunId) {
        if (run.status() == RunStatus.PURGED) {
            return false;
        }
        if (!run.status().purgeable() || Objects.equals(run.runId(), currentRunId)) {
            throw new RunStateException("run " + run.runId() + " for " + run.businessDate() + " is " + run.status()
                    + "; only SUPERSEDED or FAILED runs are purged");
        }
        return true;
    }

    /** Only a STARTED run can be marked FAILED. */
    public static void requireFailable(RunRecord run) {
        if (run.status() != RunStatus.STARTED) {
            throw new RunStateException("run " + run.runId() + " for " + run.businessDate() + " is not STARTED; cannot"
                    + " mark it FAILED");
        }
    }
}
