package io.ledgerflow.core.close;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.ControlTotal;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStatus;
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
 * any step fails, return the month to OPEN with the reason.
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
                    + " --proceed-without-attestation --requested-by NAME --reason TEXT");
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
    static Optional<String> blockingRun(List<RunRecord> runs) {
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
     * Step 3, per day: the stored summary equals a re-aggregation of the day's current entries, and
     * the run's control totals and entry count. Throws {@link ReconciliationException} naming the
     * day and each account that differs.
     */
    public DayReconciled reconcileDay(LocalDate date) {
        RunRecord run = store.currentRun(date).orElseThrow(() ->
                new ReconciliationException(date + ": no current run to reconcile"));
        List<JournalEntry> journal = store.journal(date);
        List<SummaryLine> stored = store.summary(date);
        List<SummaryLine> recomputed = DaySummaries.of(journal);
        List<String> differences = new ArrayList<>();
        Map<String, SummaryLine> storedByKey = byKey(stored);
        Map<String, SummaryLine> recomputedByKey = byKey(recomputed);
        TreeSet<String> keys = new TreeSet<>(storedByKey.keySet());
        keys.addAll(recomputedByKey.keySet());
        for (String key : keys) {
            SummaryLine s = storedByKey.get(key);
            SummaryLine r = recomputedByKey.get(key);
            if (s == null || r == null || !s.debit().equals(r.debit()) || !s.credit().equals(r.credit())) {
                SummaryLine any = s != null ? s : r;
                differences.add("account " + any.account() + " department " + any.department()
                        + (any.taxCode().isEmpty() ? "" : " tax " + any.taxCode()) + " " + any.currency()
                        + ": summary " + sides(s) + ", entries " + sides(r));
            }
        }
        if (run.completion() != null) {
            if (run.completion().entries() != journal.size()) {
                differences.add("run " + run.runId() + " recorded " + run.completion().entries() + " entries, the store holds "
                        + journal.size());
            }
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
        }
        if (!differences.isEmpty()) {
            List<String> shown = differences.subList(0, Math.min(differences.size(), DIFFERENCES_SHOWN));
            throw new ReconciliationException(date + " (run " + run.runId() + ") does not reconcile: "
                    + String.join("; ", shown)
                    + (differences.size() > shown.size() ? "; and " + (differences.size() - shown.size()) + " more" : ""));
        }
        return new DayReconciled(date, run.runId(), journal.size(), stored.size(), DaySummaries.totals(stored));
    }

    private static Map<String, SummaryLine> byKey(List<SummaryLine> lines) {
        Map<String, SummaryLine> map = new TreeMap<>();
        lines.forEach(l -> map.put(l.key(), l));
        return map;
    }

    private static String sides(SummaryLine line) {
        return line == null ? "none" : "debit " + line.debit().toPlainString() + " credit " + line.credit().toPlainString();
    }

    /** Steps 3½ and 5: CLOSING → CLOSED once every day reconciled; CLOSED → EXPORTED after the export. */
    public PeriodState advance(YearMonth month, PeriodState from, PeriodState to, String requestedBy, String reason) {
        return store.transitionPeriod(month, from, to, requestedBy, reason);
    }

    /** Step 4: the month's summary, netted, written to the ledger database under one batch (or the existing batch). */
    public ExportBatch export(YearMonth month, String company, String codeFingerprint, String requestedBy) {
        PeriodState state = store.periodState(month);
        if (state != PeriodState.CLOSED && state != PeriodState.EXPORTED) {
            throw new CloseRefusedException("period " + month + " is " + state + "; only a CLOSED month is exported");
        }
        List<LedgerLine> lines = LedgerLines.of(month, store.summary(month));
        return ledger.get().export(new ExportRequest(month, lines, company, codeFingerprint, requestedBy));
    }

    /**
     * After a failed close: a CLOSING or CLOSED month returns to OPEN with the reason; an OPEN one
     * (the close failed before locking) gets the failure noted. Returns the state the month is in.
     */
    public PeriodState recordFailure(YearMonth month, String requestedBy, String failure) {
        PeriodState state = store.periodState(month);
        if (state == PeriodState.CLOSING || state == PeriodState.CLOSED) {
            store.reopenPeriod(month, requestedBy, "close failed: " + failure);
            return PeriodState.OPEN;
        }
        if (state == PeriodState.OPEN) {
            store.notePeriod(month, requestedBy, "close failed before locking: " + failure);
        }
        return state;
    }
}
