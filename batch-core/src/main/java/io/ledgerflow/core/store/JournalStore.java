package io.ledgerflow.core.store;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.csv.TrialBalance;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The sub-ledger: where a day's journal entries are written by runs and read back by the monthly
 * close. A run writes its entries beside the day's visible journal and becomes visible all at once
 * when {@link #publishRun} flips the day's current-run pointer from the run that was current when
 * it began; a run that never publishes (crashed, lost a race, failed) changes nothing anyone reads:
 * every read of a day goes through its current run, never through entries of other runs.
 *
 * <p>Implementations hold no AWS types in this contract; see {@code DynamoDbJournalStore}.
 */
public interface JournalStore {

    /**
     * Records a new run for a day, remembering the day's current run as the one it will replace, as
     * {@link RunRules#begin} decides: beginning a run id that exists and is still
     * {@link RunStatus#STARTED} resumes it (its writes are idempotent); a day's run
     * ({@link RunKind#DAILY}) of a day that already has a published run is refused
     * ({@link DayAlreadyPublishedException}), or recorded {@link RunStatus#SKIPPED} when it carries
     * the same input file; only a rerun replaces a published day. Throws
     * {@link PeriodNotOpenException} when the day's month is not open and {@link RunStateException}
     * when the run id exists in another state or for another day. A day's run begun before another
     * run of the day published cannot publish over it either: {@link #publishRun} is conditional on
     * the day's current run being still the one the run began over.
     */
    RunRecord beginRun(RunRequest request);

    /**
     * Writes entries of a started run. Writing the same entries again in the same grouping (a retried
     * worker's call) changes nothing. Entries of one call must have distinct invoice ids and the
     * run's business date. The run is checked to be
     * still {@link RunStatus#STARTED} before every write request, so a worker still writing when
     * its run failed stops at its next request ({@link RunStateException}); the few requests
     * already in flight may land after the run was purged, and {@link #sweepLeftovers} removes them.
     * Returns what was stored: each item's key, entry count and digest, and the summary of the
     * entries, computed from exactly the entries encoded; the publish checks both
     * ({@link #publishRun(LocalDate, String, RunCompletion, List, WrittenItems)}).
     */
    WrittenItems writeEntries(LocalDate businessDate, String runId, List<JournalEntry> entries);

    /**
     * Whether one entry fits what the store holds per entry (DynamoDB: one item of at most 400 KB).
     * The daily workers quarantine an entry that does not ({@code ENTRY_TOO_LARGE}) rather than
     * fail the day; {@link #writeEntries} refuses it ({@link EntryTooLargeException}).
     */
    default boolean canHold(JournalEntry entry) {
        return true;
    }

    /**
     * Checks the run's entries against its control totals, writes the day's summary, and makes the
     * run the day's current run, all or nothing. Throws {@link ConcurrentRunException} when another
     * run published since this one began, {@link PeriodNotOpenException} when the month was
     * closed meanwhile, {@link RunIncompleteException} when the stored entries do not match.
     * Publishing a run that is already current returns it unchanged.
     *
     * <p>Before publishing, the store reads what identifies each stored item of the run (key, entry
     * count, digest; not the entries) and refuses unless those are exactly the items of
     * {@code written} (the run's {@link #writeEntries} receipts, merged), their entries the
     * completion's count, and {@code summary} equals the receipts' summary. It records a digest of
     * the stored items (per shard) and of the summary with the run, for
     * {@link #checkStoredJournal}. The cost does not grow with the entries' size, only with the
     * number of items.
     *
     * @param written null when the caller has no receipts: the store then decodes the run's stored
     *     entries and checks {@code summary} against their re-aggregation (a cost that grows with the day)
     */
    RunRecord publishRun(LocalDate businessDate, String runId, RunCompletion completion, List<SummaryLine> summary,
            WrittenItems written);

    /** Publishes without receipts: the stored entries are decoded and re-aggregated (see above). */
    default RunRecord publishRun(LocalDate businessDate, String runId, RunCompletion completion, List<SummaryLine> summary) {
        return publishRun(businessDate, runId, completion, summary, null);
    }

    /**
     * Checks that the day's current journal is still what was published: every stored item of the
     * current run's entries is read and hashed again (its stored bytes, not decoded), and the items,
     * their counts and digests per shard, and the stored summary's digest, are compared with what the
     * publish recorded. Throws {@link StoredJournalAlteredException} naming what differs (an item
     * lost, added, or changed). Empty when the day has no current run, or its run was published
     * before the store recorded digests (then only a re-aggregation of its entries can check it).
     */
    Optional<StoredJournalCheck> checkStoredJournal(LocalDate businessDate);

    /** Marks a started run failed, so its entries may be purged; it never becomes visible. */
    RunRecord failRun(LocalDate businessDate, String runId, String failure);

    /**
     * Deletes at most {@code itemsMax} stored items of a superseded or failed run's entries (an item
     * may hold many entries) and returns how many it deleted; call again until it returns 0 (the run is then {@link RunStatus#PURGED}).
     */
    long purgeEntries(LocalDate businessDate, String runId, int itemsMax);

    /**
     * How long after a run leaves STARTED its workers' writes may still land: the longest a Lambda
     * invocation runs (900 s), since a write is only sent after the check that its run is STARTED.
     */
    Duration LATE_WRITES_MAX = Duration.ofMinutes(15);

    /**
     * Sweeps the day's runs that nobody reads: finishes purging SUPERSEDED and FAILED runs (other
     * than the current one), and deletes entries that landed after a run was PURGED (written by a
     * worker still inside its Lambda call when the run failed). Deletes at most {@code itemsMax}
     * entries and returns how many; call again until it returns 0. A PURGED run found empty more
     * than {@link #LATE_WRITES_MAX} after it finished is marked swept and not looked at again.
     * STARTED runs are left alone: they may still be running.
     */
    long sweepLeftovers(LocalDate businessDate, int itemsMax);

    /** Sweeps until nothing is left or {@code roundsMax} calls were made; returns the entries deleted. */
    default long sweepLeftovers(LocalDate businessDate, int itemsPerRound, int roundsMax) {
        long deleted = 0;
        for (int round = 0; round < roundsMax; round++) {
            long n = sweepLeftovers(businessDate, itemsPerRound);
            if (n == 0) {
                break;
            }
            deleted += n;
        }
        return deleted;
    }

    Optional<RunRecord> currentRun(LocalDate businessDate);

    /** The day's run of that id, if it was recorded. */
    default Optional<RunRecord> run(LocalDate businessDate, String runId) {
        return runs(businessDate).stream().filter(r -> r.runId().equals(runId)).findFirst();
    }

    /** Every run recorded for the day, oldest first. */
    List<RunRecord> runs(LocalDate businessDate);

    /** The day's current journal, entries by {@code invoice_id} (lines by {@code line_no}); empty if none. */
    List<JournalEntry> journal(LocalDate businessDate);

    /** The current run's summary for the day, in {@link SummaryLine#ORDER}; empty if no run is current. */
    List<SummaryLine> summary(LocalDate businessDate);

    /** The summaries of every day of the month that has a current run, merged, in {@link SummaryLine#ORDER}. */
    List<SummaryLine> summary(YearMonth month);

    /**
     * Records that the day has no billing file, with who and why, as {@link NoFileRules#mark}
     * decides: refused ({@link PeriodNotOpenException}) unless the month is OPEN, and
     * ({@link NoFileRefusedException}) when the day has a published run or is marked already. The
     * write is conditional on what the rules read: a run published or a close begun meanwhile
     * refuses it. Returns the mark recorded.
     */
    NoFileMark markNoFile(LocalDate date, String by, String reason);

    /**
     * Takes a day's no-file mark back, with who and why ({@link NoFileRules#unmark}): refused unless
     * the month is OPEN and the day is marked. The mark and its removal stay in the day's history.
     */
    void unmarkNoFile(LocalDate date, String by, String reason);

    /** The day's no-file mark as stored (whether it is in force: {@link NoFileRules#inForce}) and its history. */
    NoFileRecord noFile(LocalDate date);

    /** A month with no recorded state is {@link PeriodState#OPEN}. */
    PeriodState periodState(YearMonth month);

    /** The month's state and its history; a month with no recorded state is OPEN with none. */
    PeriodRecord period(YearMonth month);

    /**
     * Moves a month one step along OPEN → CLOSING → CLOSED → EXPORTED if it is in state {@code from},
     * recording who and why. Throws {@link PeriodTransitionException} naming the state it is really
     * in otherwise.
     */
    PeriodState transitionPeriod(YearMonth month, PeriodState from, PeriodState to, String by, String reason);

    default PeriodState transitionPeriod(YearMonth month, PeriodState from, PeriodState to) {
        return transitionPeriod(month, from, to, "ledgerflow", "");
    }

    /**
     * Returns a month that is CLOSING, CLOSED or EXPORTED to OPEN, recording who and why (both
     * required, {@link PeriodRules#requireReopenable}), and returns the state it left. The month's
     * export batches stay on record, so its next close exports only the difference. Throws
     * {@link PeriodTransitionException} for an OPEN month. Whether a month may be reopened given what
     * the general ledger holds is {@link io.ledgerflow.core.close.MonthClose}'s to decide.
     */
    PeriodState reopenPeriod(YearMonth month, String by, String reason);

    /**
     * CLOSED → EXPORTED, recording the ledger's batch (idempotent: a batch on record is not added
     * twice). Throws {@link PeriodTransitionException} when the month is not CLOSED.
     */
    PeriodState markExported(YearMonth month, long batchId, String by, String reason);

    /**
     * Records that the ledger holds {@code batchId} for the month, without changing its state (a
     * close whose export committed but that failed before marking the month EXPORTED), with an event
     * in its history. Idempotent for the batch.
     */
    void recordExportBatch(YearMonth month, long batchId, String by, String reason);

    /** Records an event in the month's history without changing its state. */
    void notePeriod(YearMonth month, String by, String reason);

    /**
     * Write requests the database throttled since this store was built (each refused attempt
     * counted; the store retried them). Zero for a store that cannot be throttled.
     */
    default long throttledWrites() {
        return 0;
    }

    default TrialBalance trialBalance(LocalDate businessDate) {
        return DaySummaries.trialBalance(summary(businessDate));
    }

    default TrialBalance trialBalance(YearMonth month) {
        return DaySummaries.trialBalance(summary(month));
    }
}
