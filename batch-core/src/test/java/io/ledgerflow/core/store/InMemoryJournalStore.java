package io.ledgerflow.core.store;

import io.ledgerflow.core.journal.JournalEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A second {@link JournalStore} adapter, in memory: every rule comes from {@link RunRules} and
 * {@link PeriodRules}, every "conditional write" is a check and a change under one lock. It exists
 * so that {@code JournalStoreContract} proves the rules hold for more than one adapter.
 */
final class InMemoryJournalStore implements JournalStore {

    private record Period(PeriodState state, List<PeriodEvent> history, TreeSet<Long> batches) {}

    private final Clock clock;
    private final int shards;
    private final Map<LocalDate, Map<String, RunRecord>> runs = new HashMap<>();
    private final Map<LocalDate, String> current = new HashMap<>();
    private final Map<String, Map<String, JournalEntry>> entries = new HashMap<>();
    private final Map<String, List<SummaryLine>> summaries = new HashMap<>();
    private final Map<YearMonth, Period> periods = new HashMap<>();
    private final Map<LocalDate, NoFileRecord> noFiles = new HashMap<>();

    InMemoryJournalStore(Clock clock, int shards) {
        this.clock = clock;
        this.shards = shards;
    }

    private Map<String, RunRecord> day(LocalDate date) {
        return runs.computeIfAbsent(date, d -> new LinkedHashMap<>());
    }

    private RunRecord require(LocalDate date, String runId) {
        RunRecord run = day(date).get(runId);
        if (run == null) {
            throw new RunStateException("no run " + runId + " for " + date);
        }
        return run;
    }

    private void put(RunRecord run) {
        day(run.businessDate()).put(run.runId(), run);
    }

    private static RunRecord with(RunRecord r, RunStatus status, Instant finishedAt, RunCompletion completion, String failure) {
        return new RunRecord(r.runId(), r.businessDate(), status, r.previousRunId(), r.shards(), r.ruleSetEffectiveFrom(),
                r.requestedBy(), r.reason(), r.startedAt(), finishedAt, completion, failure, r.inputDigest());
    }

    private static String key(LocalDate date, String runId) {
        return date + "#" + runId;
    }

    @Override
    public synchronized RunRecord beginRun(RunRequest request) {
        LocalDate date = request.businessDate();
        RunRules.Begin begin = RunRules.begin(request, periodState(YearMonth.from(date)),
                Optional.ofNullable(day(date).get(request.runId())), currentRun(date), shards, clock.instant());
        if (begin.create()) {
            put(begin.run());
        }
        return begin.run();
    }

    @Override
    public synchronized WrittenItems writeEntries(LocalDate businessDate, String runId, List<JournalEntry> written) {
        RunRules.requireWritable(require(businessDate, runId));
        Map<String, JournalEntry> stored = entries.computeIfAbsent(key(businessDate, runId), k -> new TreeMap<>());
        java.util.Set<String> invoices = new java.util.HashSet<>();
        for (JournalEntry entry : written) {
            if (!entry.businessDate().equals(businessDate)) {
                throw new IllegalArgumentException("entry " + entry.entryId() + " is not of " + businessDate);
            }
            if (!invoices.add(entry.invoiceId())) {
                throw new IllegalArgumentException("invoice " + entry.invoiceId() + " appears twice in one write");
            }
            stored.put(entry.invoiceId(), entry);
        }
        return new WrittenItems(written.stream().map(InMemoryJournalStore::item).toList(), DaySummaries.of(written));
    }

    /** This adapter's item is one entry: its digest is of the entry's text (a record's, all its fields). */
    private static WrittenItem item(JournalEntry entry) {
        return new WrittenItem(0, entry.invoiceId(), 1,
                Sha256.hex(Sha256.newDigest().digest(entry.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** Digests recorded at publish, by day and run: the items' (in key order) and the summary's. */
    private final Map<String, List<String>> recorded = new HashMap<>();

    private static String itemsDigest(Map<String, JournalEntry> stored) {
        return stored.values().stream().map(e -> item(e).sha256())
                .collect(java.util.stream.Collectors.joining(","));
    }

    @Override
    public synchronized Optional<StoredJournalCheck> checkStoredJournal(LocalDate businessDate) {
        String runId = current.get(businessDate);
        if (runId == null) {
            return Optional.empty();
        }
        RunRecord run = require(businessDate, runId);
        Map<String, JournalEntry> stored = entries.getOrDefault(key(businessDate, runId), Map.of());
        List<SummaryLine> summary = summaries.get(key(businessDate, runId));
        List<String> was = recorded.get(key(businessDate, runId));
        if (!was.get(0).equals(itemsDigest(stored)) || !was.get(1).equals(DaySummaries.digest(summary))
                || stored.size() != run.completion().entries()) {
            throw new StoredJournalAlteredException("journal of " + businessDate + " (run " + runId
                    + ") changed after it was published");
        }
        return Optional.of(new StoredJournalCheck(runId, stored.size(), stored.size(), summary));
    }

    @Override
    public synchronized RunRecord publishRun(LocalDate businessDate, String runId, RunCompletion completion,
            List<SummaryLine> summary, WrittenItems written) {
        RunRecord run = require(businessDate, runId);
        if (RunRules.alreadyPublished(run, current.get(businessDate))) {
            return run;
        }
        Map<String, JournalEntry> stored = entries.getOrDefault(key(businessDate, runId), Map.of());
        RunRules.requireComplete(run, completion, summary, stored.size());
        List<String> differences = new ArrayList<>();
        if (written != null && !new java.util.HashSet<>(written.items()).equals(
                new java.util.HashSet<>(stored.values().stream().map(InMemoryJournalStore::item).toList()))) {
            differences.add("the stored items are not the ones reported written");
        }
        differences.addAll(DaySummaries.differences(summary,
                written != null ? written.summary() : DaySummaries.of(stored.values())));
        if (!differences.isEmpty()) {
            throw new RunIncompleteException("run " + runId + " for " + businessDate + " not published: "
                    + String.join("; ", differences));
        }

        YearMonth month = YearMonth.from(businessDate);
        PeriodState state = periodState(month);
        if (state != PeriodState.OPEN) {
            put(with(run, RunStatus.FAILED, clock.instant(), null, "period " + month + " became " + state
                    + " before the run was published"));
            throw new PeriodNotOpenException(month, state, "publishing run " + runId + " for " + businessDate);
        }
        String actual = current.get(businessDate);
        if (!java.util.Objects.equals(actual, run.previousRunId())) {
            ConcurrentRunException lost = new ConcurrentRunException(businessDate, runId, run.previousRunId(), actual);
            put(with(run, RunStatus.FAILED, clock.instant(), null, lost.getMessage()));
            throw lost;
        }
        if (run.previousRunId() != null) {
            RunRecord previous = require(businessDate, run.previousRunId());
            put(with(previous, RunStatus.SUPERSEDED, previous.finishedAt(), previous.completion(), previous.failure()));
        }
        summaries.put(key(businessDate, runId), summary.stream().sorted(SummaryLine.ORDER).toList());
        recorded.put(key(businessDate, runId), List.of(itemsDigest(stored), DaySummaries.digest(summary)));
        RunRecord published = with(run, RunStatus.COMPLETED, clock.instant(), completion, null);
        put(published);
        current.put(businessDate, runId);
        return published;
    }

    @Override
    public synchronized RunRecord failRun(LocalDate businessDate, String runId, String failure) {
        RunRecord run = require(businessDate, runId);
        RunRules.requireFailable(run);
        RunRecord failed = with(run, RunStatus.FAILED, clock.instant(), null, failure);
        put(failed);
        return failed;
    }

    @Override
    public synchronized long purgeEntries(LocalDate businessDate, String runId, int itemsMax) {
        RunRecord run = require(businessDate, runId);
        if (!RunRules.purgeable(run, current.get(businessDate))) {
            return 0;
        }
        Map<String, JournalEntry> stored = entries.getOrDefault(key(businessDate, runId), new TreeMap<>());
        if (stored.isEmpty()) {
            summaries.remove(key(businessDate, runId));
            put(with(run, RunStatus.PURGED, run.finishedAt() != null ? run.finishedAt() : clock.instant(),
                    run.completion(), run.failure()));
            return 0;
        }
        List<String> invoices = new ArrayList<>(stored.keySet()).subList(0, Math.min(itemsMax, stored.size()));
        new ArrayList<>(invoices).forEach(stored::remove);
        return invoices.size();
    }

    @Override
    public synchronized long sweepLeftovers(LocalDate businessDate, int itemsMax) {
        long deleted = 0;
        for (RunRecord run : new ArrayList<>(day(businessDate).values())) {
            if (deleted >= itemsMax) {
                break;
            }
            if (!run.runId().equals(current.get(businessDate)) && run.status().purgeable()) {
                deleted += purgeEntries(businessDate, run.runId(), (int) (itemsMax - deleted));
            }
        }
        return deleted;
    }

    @Override
    public synchronized Optional<RunRecord> currentRun(LocalDate businessDate) {
        String runId = current.get(businessDate);
        return runId == null ? Optional.empty() : Optional.of(require(businessDate, runId));
    }

    @Override
    public synchronized List<RunRecord> runs(LocalDate businessDate) {
        List<RunRecord> list = new ArrayList<>(day(businessDate).values());
        list.sort(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId));
        return list;
    }

    @Override
    public synchronized List<JournalEntry> journal(LocalDate businessDate) {
        String runId = current.get(businessDate);
        return runId == null ? List.of() : List.copyOf(entries.getOrDefault(key(businessDate, runId), Map.of()).values());
    }

    @Override
    public synchronized List<SummaryLine> summary(LocalDate businessDate) {
        String runId = current.get(businessDate);
        return runId == null ? List.of() : summaries.getOrDefault(key(businessDate, runId), List.of());
    }

    @Override
    public synchronized List<SummaryLine> summary(YearMonth month) {
        List<List<SummaryLine>> days = new ArrayList<>();
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            days.add(summary(month.atDay(d)));
        }
        return DaySummaries.merge(days);
    }

    private Period periodOf(YearMonth month) {
        return periods.getOrDefault(month, new Period(PeriodState.OPEN, List.of(), new TreeSet<>()));
    }

    private void change(YearMonth month, PeriodState from, PeriodState to, String by, String reason, Long batch) {
        Period p = periodOf(month);
        List<PeriodEvent> history = new ArrayList<>(p.history());
        history.add(new PeriodEvent(clock.instant(), from, to, by, reason));
        TreeSet<Long> batches = new TreeSet<>(p.batches());
        if (batch != null) {
            batches.add(batch);
        }
        periods.put(month, new Period(to, history, batches));
    }

    @Override
    public synchronized NoFileMark markNoFile(LocalDate date, String by, String reason) {
        NoFileMark mark = NoFileRules.mark(date, periodState(YearMonth.from(date)), currentRun(date), noFile(date).mark(),
                by, reason, clock.instant());
        changeNoFile(date, Optional.of(mark), new NoFileEvent(mark.at(), date, true, mark.by(), mark.reason()));
        return mark;
    }

    @Override
    public synchronized void unmarkNoFile(LocalDate date, String by, String reason) {
        NoFileRules.unmark(date, periodState(YearMonth.from(date)), noFile(date).mark(), by, reason);
        changeNoFile(date, Optional.empty(), new NoFileEvent(clock.instant(), date, false, by.strip(), reason.strip()));
    }

    private void changeNoFile(LocalDate date, Optional<NoFileMark> mark, NoFileEvent event) {
        List<NoFileEvent> history = new ArrayList<>(noFile(date).history());
        history.add(event);
        noFiles.put(date, new NoFileRecord(date, mark, history));
    }

    @Override
    public synchronized NoFileRecord noFile(LocalDate date) {
        return noFiles.getOrDefault(date, NoFileRecord.none(date));
    }

    @Override
    public synchronized PeriodState periodState(YearMonth month) {
        return periodOf(month).state();
    }

    @Override
    public synchronized PeriodRecord period(YearMonth month) {
        Period p = periodOf(month);
        return new PeriodRecord(month, p.state(), p.history(), List.copyOf(p.batches()));
    }

    @Override
    public synchronized PeriodState transitionPeriod(YearMonth month, PeriodState from, PeriodState to, String by,
            String reason) {
        PeriodRules.requireStep(month, from, to);
        if (periodState(month) != from) {
            throw PeriodRules.notIn(month, periodState(month), from, to);
        }
        change(month, from, to, by, reason, null);
        return to;
    }

    @Override
    public synchronized PeriodState reopenPeriod(YearMonth month, String by, String reason) {
        PeriodState state = periodState(month);
        PeriodRules.requireReopenable(month, state, by, reason);
        change(month, state, PeriodState.OPEN, by, reason, null);
        return state;
    }

    @Override
    public synchronized PeriodState markExported(YearMonth month, long batchId, String by, String reason) {
        PeriodRules.requireBatch(month, batchId);
        if (periodState(month) != PeriodState.CLOSED) {
            throw PeriodRules.notIn(month, periodState(month), PeriodState.CLOSED, PeriodState.EXPORTED);
        }
        change(month, PeriodState.CLOSED, PeriodState.EXPORTED, by, reason, batchId);
        return PeriodState.EXPORTED;
    }

    @Override
    public synchronized void recordExportBatch(YearMonth month, long batchId, String by, String reason) {
        PeriodRules.requireBatch(month, batchId);
        PeriodState state = periodState(month);
        change(month, state, state, by, reason, batchId);
    }

    @Override
    public synchronized void notePeriod(YearMonth month, String by, String reason) {
        PeriodState state = periodState(month);
        change(month, state, state, by, reason, null);
    }
}
