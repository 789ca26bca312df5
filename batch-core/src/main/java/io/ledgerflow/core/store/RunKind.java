package io.ledgerflow.core.store;

/**
 * Why a run of a day was started: a day's first run (the schedule, the late-file trigger, a manual
 * {@code daily}), or an audited rerun that replaces the day's published journal.
 */
public enum RunKind {
    /** A day's run: refused once the day has a published run, a no-op when it carries the same file. */
    DAILY,
    /** A rerun: replaces the day's published run; needs who and why. */
    RERUN;

    /** The prefix of a rerun's id (its execution name, {@code rerun-DATE-STAMP}). */
    public static final String RERUN_ID_PREFIX = "rerun-";

    /**
     * The kind a workflow execution's run id stands for: execution names are deterministic per kind
     * ({@code daily-DATE}, {@code sched-DATE} for a day's run, {@code rerun-DATE-STAMP} for a rerun).
     */
    public static RunKind ofRunId(String runId) {
        return RunIds.require(runId).startsWith(RERUN_ID_PREFIX) ? RERUN : DAILY;
    }
}
