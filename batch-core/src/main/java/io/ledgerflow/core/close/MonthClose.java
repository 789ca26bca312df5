package io.ledgerflow.core.close;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.ControlTotal;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.PeriodRecord;
import io.ledgerflow.core.store.PeriodRules;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.StoredJournalAlteredException;
import io.ledgerflow.core.store.StoredJournalCheck;
import io.ledgerflow.core.store.SummaryLine;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The steps of the monthly close, one method per Task state of {@code monthly-close.asl.json}:
 * verify the release, lock the month, reconcile each day, close, export, mark exported; and, when
 * any step fails, return the month to OPEN with the reason, unless the ledger already holds its
 * export (the ledger is the truth after an export: the month then stays CLOSED, see
 * {@link #recordFailure}).
 */
public final class MonthClose {

    /** Differences listed in one failure message at most. */
    static final int DIFFERENCES_SHOWN = 20;

    private final JournalStore store;
    private final Attestations attestations;
    private final Supplier<LedgerExport> ledger;

    /** {@code ledger} is asked for only by the steps that use the ledger database. */
    public MonthClose(JournalStore store, Attestations attestations, Supplier<LedgerExport> ledger) {
        this.store = Objects.requireNonNull(store);
        this.attestations = Objects.requireNonNull(attestations);
        this.ledger = Objects.requireNonNull(ledger);
    }

    /** Who may proceed without an attestation, and why; recorded in the month's history. */
    public record Override(String requestedBy, String reason) {
        public Override {
            if (requestedBy == null || requestedBy.isBlank() || reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("proceeding without an attestation needs who (requestedBy) and why (reason)");
            }
        }
    }

    /** @param attested false when the close proceeds on an override */
    public record Verified(String codeFingerprint, String fixturesFingerprint, boolean attested, String attestedAt) {}

    /** Step 1: an attestation for the running code, or an override recorded with who and why. */
    public Verified verifyRelease(YearMonth month, String codeFingerprint, Override override) {
        Optional<Attestation> attestation = attestations.find(codeFingerprint).filter(Attestation::passed);
        if (attestation.isPresent()) {
            Attestation a = attestation.get();
            return new Verified(codeFingerprint, a.fixturesFingerprint(), true, a.createdAt().toString());
        }
        if (override == null) {
            throw new ReleaseNotVerifiedException("no passing CI stage-2 attestation for the running code "
                    + codeFingerprint.substring(0, 12) + " (looked for " + attestations.location(codeFingerprint)
                    + "); run 'ledgerflow verify' (CI stage 2) for this build, or close with"
                    + " --proceed-without-attestation --reason TEXT");
        }
        store.notePeriod(month, override.requestedBy(), "close proceeded without a CI stage-2 attestation for code "
                + codeFingerprint.substring(0, 12) + ": " + override.reason());
        return new Verified(codeFingerprint, "", false, null);
    }

    /**
     * @param stage LOCKED (now CLOSING: reconcile next), CLOSED (reconciled before: export next) or
     *     EXPORTED (nothing to do but report the batch)
     * @param days the days with a current run, to reconcile
     * @param daysWithoutRun the month's days that have no run at all
     */
    public record Locked(YearMonth month, String stage, List<LocalDate> days, List<LocalDate> daysWithoutRun) {}

    /**
     * Step 2: OPEN → CLOSING, refused while a day has a run that is running or failed without a
     * later success. A CLOSED or EXPORTED month is not locked again; its stage says where to resume.
     */
    public Locked lock(YearMonth month, String requestedBy) {
        List<LocalDate> days = new ArrayList<>();
        List<LocalDate> without = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate date = month.atDay(d);
            List<RunRecord> runs = store.runs(date);
            if (runs.isEmpty()) {
                without.add(date);
                continue;
            }
            blockingRun(runs).ifPresent(blocking::add);
            if (store.currentRun(date).isPresent()) {
                days.add(date);
            }
        }
        PeriodState state = store.periodState(month);
        switch (state) {
            case EXPORTED -> {
                return new Locked(month, "EXPORTED", days, without);
            }
            case CLOSED -> {
                return new Locked(month, "CLOSED", days, without);
            }
            case CLOSING -> throw new CloseRefusedException("period " + month + " is CLOSING: another close is under way,"
                    + " or one stopped without reopening it; see 'ledgerflow status --month " + month
                    + "' and, if no close is running, 'ledgerflow reopen --month " + month + "'");
            case OPEN -> {
                if (!blocking.isEmpty()) {
                    throw new CloseRefusedException("period " + month + " cannot be closed: " + String.join("; ", blocking));
                }
                store.transitionPeriod(month, PeriodState.OPEN, PeriodState.CLOSING, requestedBy,
                        "close: " + days.size() + " days with a journal" + (without.isEmpty() ? ""
                                : ", " + without.size() + " days without a run"));
                return new Locked(month, "LOCKED", days, without);
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** Why a day's runs block the close, if they do: one still running, or the last one failed. */
    public static Optional<String> blockingRun(List<RunRecord> runs) {
        List<RunRecord> byStart = runs.stream().sorted(Comparator.comparing(RunRecord::startedAt)).toList();
        for (RunRecord run : byStart) {
            if (run.status() == RunStatus.STARTED) {
                return Optional.of(run.businessDate() + " has run " + run.runId() + " still running (started "
                        + run.startedAt() + "); wait for it, or if it crashed, rerun the day");
            }
        }
        RunRecord last = byStart.get(byStart.size() - 1);
        if (failed(last)) {
            return Optional.of(last.businessDate() + " has run " + last.runId() + " failed (" + last.failure()
                    + ") with no later successful run; fix the file and rerun the day");
        }
        return Optional.empty();
    }

    private static boolean failed(RunRecord run) {
        return run.status() == RunStatus.FAILED || (run.status() == RunStatus.PURGED && run.failure() != null);
    }

    /** One day's reconciliation: what was compared. */
    public record DayReconciled(LocalDate date, String runId, long entries, int summaryLines, List<ControlTotal> totals) {}

    /**
     * Step 3, per day: the day's journal is still what was published, and its summary equals its
     * entries and its run's control totals. Throws {@link ReconciliationException} naming the day and
     * what differs.
     *
     * <p>A run published with digests (every run of this release) was checked at publish: its stored
     * items were exactly what its workers wrote, and its summary the aggregate of the entries they
     * encoded. So the close re-hashes the day's stored items and compares them, per shard, and the
     * summary, with what the publish recorded ({@link JournalStore#checkStoredJournal}): no entry is
     * decoded, and the cost is the bytes read (batch-core/README-store.md, "What the close checks").
     * A run published before digests were recorded is re-aggregated from its decoded entries.
     */
    public DayReconciled reconcileDay(LocalDate date) {
        RunRecord run = store.currentRun(date).orElseThrow(() ->
                new ReconciliationException(date + ": no current run to reconcile"));
        List<String> differences = new ArrayList<>();
        Optional<StoredJournalCheck> checked;
        try {
            checked = store.checkStoredJournal(date);
        } catch (StoredJournalAlteredException e) {
            throw new ReconciliationException(date + " (run " + run.runId() + ") does not reconcile: " + e.getMessage());
        }
        long entries;
        List<SummaryLine> stored;
        if (checked.isPresent()) {
            entries = checked.get().entries();
            stored = checked.get().summary();
        } else {
            List<JournalEntry> journal = store.journal(date);
            stored = store.summary(date);
            entries = journal.size();
            differences.addAll(DaySummaries.differences(stored, DaySummaries.of(journal)));
            if (run.completion() != null && run.completion().entries() != journal.size()) {
                differences.add("run " + run.runId() + " recorded " + run.completion().entries() + " entries, the store holds "
                        + journal.size());
            }
        }
        if (run.completion() != null) {
            differences.addAll(controlDifferences(run, stored));
        }
        if (!differences.isEmpty()) {
            List<String> shown = differences.subList(0, Math.min(differences.size(), DIFFERENCES_SHOWN));
            throw new ReconciliationException(date + " (run " + run.runId() + ") does not reconcile: "
                    + String.join("; ", shown)
                    + (differences.size() > shown.size() ? "; and " + (differences.size() - shown.size()) + " more" : ""));
        }
        return new DayReconciled(date, run.runId(), entries, stored.size(), DaySummaries.totals(stored));
    }

    /** Per currency, the run's control totals against the summary's totals. */
    private static List<String> controlDifferences(RunRecord run, List<SummaryLine> stored) {
        List<String> differences = new ArrayList<>();
        Map<String, ControlTotal> controls = new TreeMap<>();
        run.completion().controlTotals().forEach(t -> controls.put(t.currency().code(), t));
        Map<String, ControlTotal> totals = new TreeMap<>();
        DaySummaries.totals(stored).forEach(t -> totals.put(t.currency().code(), t));
        TreeSet<String> currencies = new TreeSet<>(controls.keySet());
        currencies.addAll(totals.keySet());
        for (String currency : currencies) {
            ControlTotal control = controls.get(currency);
            ControlTotal total = totals.get(currency);
            boolean zeroTotal = total == null || (total.debit().isZero() && total.credit().isZero());
            if (control == null ? !zeroTotal : total == null || !control.debit().equals(total.debit())
                    || !control.credit().equals(total.credit())) {
                differences.add(currency + ": run control totals " + (control == null ? "none"
                        : "debit " + control.debit().toPlainString() + " credit " + control.credit().toPlainString())
                        + ", summary " + (total == null ? "none" : "debit " + total.debit().toPlainString()
                        + " credit " + total.credit().toPlainString()));
            }
        }
        return differences;
    }

    /** Steps 3½ and 5: CLOSING → CLOSED once every day reconciled; CLOSED → EXPORTED after the export. */
    public PeriodState advance(YearMonth month, PeriodState from, PeriodState to, String requestedBy, String reason) {
        return store.transitionPeriod(month, from, to, requestedBy, reason);
    }

    /**
     * Step 5 (MarkExported): CLOSED → EXPORTED with the batch on record. A month already EXPORTED
     * with that batch is left as it is (a retried step).
     */
    public PeriodState markExported(YearMonth month, long batchId, String requestedBy, String reason) {
        PeriodRecord period = store.period(month);
        if (period.state() == PeriodState.EXPORTED && period.exportBatches().contains(batchId)) {
            return PeriodState.EXPORTED;
        }
        return store.markExported(month, batchId, requestedBy, reason);
    }

    /**
     * Step 4: the month's summary, netted, brought into the ledger database under one batch: the
     * whole month the first time; after an audited reopen of the exported month, the difference from
     * what the ledger holds; nothing (its latest batch) when the ledger already holds this content.
     * A ledger batch that the month has no record of and whose content differs is refused
     * ({@link ExportMismatchException}).
     */
    public ExportBatch export(YearMonth month, String company, String codeFingerprint, String requestedBy) {
        PeriodRecord period = store.period(month);
        if (period.state() != PeriodState.CLOSED && period.state() != PeriodState.EXPORTED) {
            throw new CloseRefusedException("period " + month + " is " + period.state() + "; only a CLOSED month is exported");
        }
        List<LedgerLine> lines = LedgerLines.of(month, store.summary(month));
        return ledger.get().export(new ExportRequest(month, lines, company, codeFingerprint, requestedBy,
                period.exportBatches()));
    }

    /**
     * After a failed close. A CLOSING month returns to OPEN with the reason (nothing of this close
     * reached the ledger: the export runs only from CLOSED). A CLOSED month returns to OPEN only when
     * the ledger shows that this close's export did not commit; when the ledger holds the month's
     * content the batch is put on record and the month stays CLOSED (the next close marks it
     * EXPORTED), and when the ledger cannot be read it stays CLOSED too: the ledger is the truth
     * after an export. An OPEN month (the close failed before locking) gets the failure noted.
     * Returns the state the month is in.
     */
    public PeriodState recordFailure(YearMonth month, String requestedBy, String failure) {
        PeriodState state = store.periodState(month);
        if (state == PeriodState.CLOSING) {
            store.reopenPeriod(month, requestedBy, "close failed: " + failure);
            return PeriodState.OPEN;
        }
        if (state == PeriodState.CLOSED) {
            return recordFailureOfClosed(month, requestedBy, failure);
        }
        if (state == PeriodState.OPEN) {
            store.notePeriod(month, requestedBy, "close failed before locking: " + failure);
        }
        return state;
    }

    private PeriodState recordFailureOfClosed(YearMonth month, String requestedBy, String failure) {
        List<ExportBatch> batches;
        List<LedgerLine> held;
        try {
            LedgerExport ledgerDb = ledger.get();
            batches = ledgerDb.batches(month);
            held = ledgerDb.lines(month);
        } catch (LedgerUnavailableException e) {
            store.notePeriod(month, requestedBy, "close failed: " + failure + "; the ledger database cannot be read ("
                    + e.getMessage() + "), so whether the export committed is unknown: the month stays CLOSED;"
                    + " close again to finish it");
            return PeriodState.CLOSED;
        }
        List<LedgerLine> wanted = LedgerLines.of(month, store.summary(month));
        if (!batches.isEmpty() && LedgerLines.digest(held).equals(LedgerLines.digest(wanted))) {
            ExportBatch latest = batches.get(batches.size() - 1);
            store.recordExportBatch(month, latest.batchId(), requestedBy, "close failed after the export committed"
                    + " batch " + latest.batchId() + " to ledger " + latest.ledger() + ": " + failure
                    + "; the month stays CLOSED, close again to mark it EXPORTED");
            return PeriodState.CLOSED;
        }
        store.reopenPeriod(month, requestedBy, "close failed: " + failure);
        return PeriodState.OPEN;
    }

    /** What a reopen did: the state the month left, and the export batches it has on record (an adjustment when any). */
    public record Reopened(YearMonth month, PeriodState was, List<Long> exportBatches) {
        public boolean adjustment() {
            return !exportBatches.isEmpty();
        }
    }

    /**
     * An operator's reopen, with who and why. A month the general ledger holds (EXPORTED, or CLOSED
     * with a committed batch, which this looks up in the ledger) is reopened as an audited
     * adjustment: its batches stay on record and the next close exports only the difference. A
     * CLOSED month is reopened only when the ledger can be read ({@link LedgerUnavailableException}
     * otherwise): whether it was exported decides what the reopen is.
     */
    public Reopened reopen(YearMonth month, String requestedBy, String reason) {
        PeriodRecord period = store.period(month);
        PeriodRules.requireReopenable(month, period.state(), requestedBy, reason);
        List<Long> batches = new ArrayList<>(period.exportBatches());
        if (period.state() == PeriodState.CLOSED || period.state() == PeriodState.EXPORTED) {
            for (ExportBatch batch : ledger.get().batches(month)) {
                if (!batches.contains(batch.batchId())) {
                    store.recordExportBatch(month, batch.batchId(), requestedBy, "reopen found batch " + batch.batchId()
                            + " of " + month + " in ledger " + batch.ledger() + " (written " + batch.createdAt() + ")");
                    batches.add(batch.batchId());
                }
            }
        }
        String what = batches.isEmpty() ? "reopened: " : "reopened for an adjustment after export (batches "
                + batches.stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + "; the next close exports the difference): ";
        PeriodState was = store.reopenPeriod(month, requestedBy, what + reason);
        return new Reopened(month, was, batches.stream().sorted().toList());
    }

    /** A month as the ledger database holds it: its latest batch and its netted lines (DESIGN's CSV rows). */
    public record LedgerMonth(ExportBatch batch, List<LedgerLine> lines) {
        public LedgerMonth {
            Objects.requireNonNull(batch, "batch");
            lines = List.copyOf(lines);
        }
    }

    /**
     * What the ledger database holds of {@code month}, as {@code ledgerflow gl-export} reads it back,
     * or empty when the ledger holds no batch of it.
     */
    public Optional<LedgerMonth> ledgerMonth(YearMonth month) {
        LedgerExport export = ledger.get();
        return export.batch(month).map(batch -> new LedgerMonth(batch, export.lines(month)));
    }
}
