package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.JournalStoreException;
import io.ledgerflow.core.store.NoFileMark;
import io.ledgerflow.core.store.NoFileRecord;
import io.ledgerflow.core.store.NoFileRules;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodRecord;
import io.ledgerflow.core.store.PeriodRules;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.PeriodTransitionException;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunRequest;
import io.ledgerflow.core.store.RunRules;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.RunIncompleteException;
import io.ledgerflow.core.store.StoredJournalAlteredException;
import io.ledgerflow.core.store.StoredJournalCheck;
import io.ledgerflow.core.store.SummaryLine;
import io.ledgerflow.core.store.WrittenItem;
import io.ledgerflow.core.store.WrittenItems;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link JournalStore} on one DynamoDB table (keys in {@link Keys}). Entries are packed into page
 * items by {@link EntryPages} and written with {@link BatchWriter}; a run becomes visible through {@link RunPublisher}'s single transaction;
 * reads go through {@link TableReader}. Thread-safe: workers may share one instance.
 */
public final class DynamoDbJournalStore implements JournalStore {

    /** Entries one purge call may delete at most. */
    public static final int PURGE_ITEMS_MAX = 100_000;

    private final DynamoDbClient client;
    private final DynamoDbStoreSettings settings;
    private final Clock clock;
    private final BatchWriter writer;
    private final TableReader reader;
    private final RunPublisher publisher;
    private final NoFileItems noFiles;

    /** The production wiring: real sleeps, default random for jitter. */
    public DynamoDbJournalStore(DynamoDbClient client, DynamoDbStoreSettings settings, Clock clock) {
        this(client, settings, clock, RandomGenerator.getDefault(), Sleeper.THREAD);
    }

    /** For tests: the jitter's random source and the sleeper are injected. */
    public DynamoDbJournalStore(DynamoDbClient client, DynamoDbStoreSettings settings, Clock clock,
            RandomGenerator random, Sleeper sleeper) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        Backoff backoff = new Backoff(settings.retryDelayMillisBase(), settings.retryDelayMillisMax(), random);
        this.writer = new BatchWriter(client, settings, backoff, sleeper);
        this.reader = new TableReader(client, settings);
        this.publisher = new RunPublisher(client, settings, clock, reader, backoff, sleeper);
        this.noFiles = new NoFileItems(client, settings);
    }

    /** Begins decided again after a concurrent change failed the conditional write, at most. */
    static final int BEGIN_ATTEMPTS_MAX = 3;

    @Override
    public long throttledWrites() {
        return writer.throttledRequests();
    }

    @Override
    public RunRecord beginRun(RunRequest request) {
        LocalDate date = request.businessDate();
        for (int attempt = 1; ; attempt++) {
            Optional<RunRecord> existing = reader.run(date, request.runId());
            RunRules.Begin begin = RunRules.begin(request, periodState(YearMonth.from(date)), existing, currentRun(date),
                    settings.shards(), clock.instant());
            if (!begin.create()) {
                return begin.run();
            }
            if (publisher.begin(begin.run())) {
                return begin.run();
            }
            if (attempt >= BEGIN_ATTEMPTS_MAX) {
                throw new RunStateException("run " + request.runId() + " for " + date + " could not be begun: it was"
                        + " recorded and changed " + attempt + " times while it was being begun; try again");
            }
        }
    }

    @Override
    public boolean canHold(JournalEntry entry) {
        return EntryItems.fits(entry);
    }

    @Override
    public WrittenItems writeEntries(LocalDate businessDate, String runId, List<JournalEntry> entries) {
        RunRecord run = reader.requireRun(businessDate, runId);
        RunRules.requireWritable(run);
        Set<String> invoices = new HashSet<>();
        for (JournalEntry entry : entries) {
            if (!entry.businessDate().equals(businessDate)) {
                throw new IllegalArgumentException("entry " + entry.entryId() + " is not of " + businessDate);
            }
            if (!invoices.add(entry.invoiceId())) {
                throw new IllegalArgumentException("invoice " + entry.invoiceId() + " appears twice in one write");
            }
        }
        List<Map<String, AttributeValue>> items = EntryPages.toItems(businessDate, runId, run.shards(),
                settings.pageEntriesMax(), entries);
        List<WriteRequest> requests = items.stream()
                .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build())
                .toList();
        writer.write("entries of run " + runId + " for " + businessDate, requests,
                new RunStartedCheck(reader, businessDate, runId, RunStartedCheck.REUSE_MILLIS_MAX));
        return new WrittenItems(items.stream().map(EntryPages::written).toList(), DaySummaries.of(entries));
    }

    @Override
    public RunRecord publishRun(LocalDate businessDate, String runId, RunCompletion completion, List<SummaryLine> summary,
            WrittenItems written) {
        RunRecord run = reader.requireRun(businessDate, runId);
        if (RunRules.alreadyPublished(run, reader.currentRunId(businessDate))) {
            return run; // a retried publish of a run that made it
        }
        List<List<WrittenItem>> stored = reader.storedItems(businessDate, runId, run.shards());
        RunRules.requireComplete(run, completion, summary, stored.stream().flatMap(List::stream)
                .mapToLong(WrittenItem::entries).sum());
        requireWritten(run, summary, written, stored);
        List<WriteRequest> summaryItems = SummaryPages.toItems(businessDate, runId, summary).stream()
                .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build())
                .toList();
        writer.write("summary of run " + runId + " for " + businessDate, summaryItems);
        List<StoredDigests.Shard> shards = new ArrayList<>();
        for (int shard = 0; shard < stored.size(); shard++) {
            shards.add(StoredDigests.of(shard, stored.get(shard)));
        }
        publisher.publish(run, completion, Map.of(StoredDigests.SHARDS, StoredDigests.toAttribute(shards),
                StoredDigests.SUMMARY, s(DaySummaries.digest(summary))));
        return reader.requireRun(businessDate, runId);
    }

    /**
     * The stored items are exactly the writers' receipts (key, count, digest), and the summary is
     * the receipts' summary; without receipts, the summary is checked against the stored entries,
     * decoded and re-aggregated.
     */
    private void requireWritten(RunRecord run, List<SummaryLine> summary, WrittenItems written,
            List<List<WrittenItem>> stored) {
        List<String> differences = new ArrayList<>();
        List<SummaryLine> ofEntries;
        if (written != null) {
            differences.addAll(StoredDigests.compare(written.items(), stored.stream().flatMap(List::stream).toList()));
            ofEntries = written.summary();
        } else {
            ofEntries = DaySummaries.of(reader.entries(run.businessDate(), run.runId(), run.shards()));
        }
        differences.addAll(DaySummaries.differences(summary, ofEntries));
        if (!differences.isEmpty()) {
            throw new RunIncompleteException("run " + run.runId() + " for " + run.businessDate()
                    + " not published: its stored entries are not what it reports: " + StoredDigests.shown(differences));
        }
    }

    @Override
    public Optional<StoredJournalCheck> checkStoredJournal(LocalDate businessDate) {
        String runId = reader.currentRunId(businessDate);
        if (runId == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> runItem = reader.get(Keys.dayPk(businessDate), Keys.runSk(runId));
        List<StoredDigests.Shard> recorded = StoredDigests.fromRunItem(runItem);
        if (recorded == null) {
            return Optional.empty();
        }
        RunRecord run = RunItems.fromItem(runItem);
        List<String> differences = new ArrayList<>();
        List<StoredDigests.Shard> found = new ArrayList<>();
        List<List<TableReader.RehashedItem>> byShard = reader.rehashedItems(businessDate, runId, run.shards());
        long items = 0;
        for (int shard = 0; shard < byShard.size(); shard++) {
            List<WrittenItem> rehashed = new ArrayList<>();
            for (TableReader.RehashedItem item : byShard.get(shard)) {
                rehashed.add(item.item());
                if (!item.matchesOwnDigest()) {
                    differences.add(String.format("shard %03d item %s: its stored bytes no longer match the digest it was"
                            + " written with", shard, item.item().key()));
                }
            }
            items += rehashed.size();
            found.add(StoredDigests.of(shard, rehashed));
        }
        differences.addAll(StoredDigests.compareShards(recorded, found));
        long entries = found.stream().mapToLong(StoredDigests.Shard::entries).sum();
        if (entries != run.completion().entries()) {
            differences.add("the run recorded " + run.completion().entries() + " entries, its items hold " + entries);
        }
        List<SummaryLine> summary = summaryOf(run);
        String summaryDigest = DaySummaries.digest(summary);
        if (!summaryDigest.equals(s(runItem, StoredDigests.SUMMARY))) {
            differences.add("the stored summary (" + summary.size() + " lines, digest "
                    + StoredDigests.abbreviated(summaryDigest) + ") is not the one published (digest "
                    + StoredDigests.abbreviated(s(runItem, StoredDigests.SUMMARY)) + ")");
        }
        if (!differences.isEmpty()) {
            throw new StoredJournalAlteredException("journal of " + businessDate + " (run " + runId
                    + ") changed after it was published: " + StoredDigests.shown(differences));
        }
        return Optional.of(new StoredJournalCheck(runId, items, entries, summary));
    }

    @Override
    public RunRecord failRun(LocalDate businessDate, String runId, String failure) {
        RunRecord run = reader.requireRun(businessDate, runId);
        RunRules.requireFailable(run);
        publisher.markFailed(run, failure);
        return reader.requireRun(businessDate, runId);
    }

    @Override
    public long purgeEntries(LocalDate businessDate, String runId, int itemsMax) {
        if (itemsMax < 1 || itemsMax > PURGE_ITEMS_MAX) {
            throw new IllegalArgumentException("itemsMax must be 1.." + PURGE_ITEMS_MAX + ", got " + itemsMax);
        }
        RunRecord run = reader.requireRun(businessDate, runId);
        if (!RunRules.purgeable(run, reader.currentRunId(businessDate))) {
            return 0;
        }
        List<Map<String, AttributeValue>> keys = reader.entryKeys(businessDate, runId, run.shards(), itemsMax);
        if (keys.isEmpty()) {
            keys = reader.summaryKeys(businessDate, runId);
            writer.write("summary purge of run " + runId, deletesOf(keys));
            try {
                publisher.markPurged(run);
            } catch (RunStateException e) {
                if (reader.runStatus(businessDate, runId) != RunStatus.PURGED) {
                    throw e;
                } // another caller (a sweep, a retried RecordFailure) finished the same purge first
            }
            return 0;
        }
        writer.write("purge of run " + runId + " for " + businessDate, deletesOf(keys));
        return keys.size();
    }

    @Override
    public long sweepLeftovers(LocalDate businessDate, int itemsMax) {
        if (itemsMax < 1 || itemsMax > PURGE_ITEMS_MAX) {
            throw new IllegalArgumentException("itemsMax must be 1.." + PURGE_ITEMS_MAX + ", got " + itemsMax);
        }
        String current = reader.currentRunId(businessDate);
        long deleted = 0;
        for (Map<String, AttributeValue> item : reader.query(Keys.dayPk(businessDate), "RUN#", null)) {
            RunRecord run = RunItems.fromItem(item);
            int left = (int) (itemsMax - deleted);
            if (left == 0) {
                break;
            }
            if (run.runId().equals(current)) {
                continue;
            }
            if (run.status().purgeable()) {
                deleted += purgeEntries(businessDate, run.runId(), left);
            } else if (run.status() == RunStatus.PURGED && !RunItems.swept(item)) {
                deleted += sweepPurged(run, left);
            }
        }
        return deleted;
    }

    /** Deletes entries that landed after {@code run} was purged; marks it swept once none can land any more. */
    private long sweepPurged(RunRecord run, int itemsMax) {
        List<Map<String, AttributeValue>> keys = reader.entryKeys(run.businessDate(), run.runId(), run.shards(), itemsMax);
        if (!keys.isEmpty()) {
            writer.write("sweep of run " + run.runId() + " for " + run.businessDate(), deletesOf(keys));
            return keys.size();
        }
        Instant finished = run.finishedAt() != null ? run.finishedAt() : run.startedAt();
        if (finished.plus(LATE_WRITES_MAX).isBefore(clock.instant())) {
            publisher.markSwept(run);
        }
        return 0;
    }

    private static List<WriteRequest> deletesOf(List<Map<String, AttributeValue>> keys) {
        return keys.stream().map(key -> WriteRequest.builder().deleteRequest(d -> d.key(key)).build()).toList();
    }

    @Override
    public Optional<RunRecord> currentRun(LocalDate businessDate) {
        String runId = reader.currentRunId(businessDate);
        return runId == null ? Optional.empty() : Optional.of(reader.requireRun(businessDate, runId));
    }

    @Override
    public Optional<RunRecord> run(LocalDate businessDate, String runId) {
        return reader.run(businessDate, runId);
    }

    @Override
    public List<RunRecord> runs(LocalDate businessDate) {
        List<RunRecord> runs = new ArrayList<>();
        for (Map<String, AttributeValue> item : reader.query(Keys.dayPk(businessDate), "RUN#", null)) {
            runs.add(RunItems.fromItem(item));
        }
        runs.sort(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId));
        return runs;
    }

    @Override
    public List<JournalEntry> journal(LocalDate businessDate) {
        Optional<RunRecord> current = currentRun(businessDate);
        if (current.isEmpty()) {
            return List.of();
        }
        RunRecord run = current.get();
        List<JournalEntry> entries = reader.entries(businessDate, run.runId(), run.shards());
        entries.sort(Comparator.comparing(JournalEntry::invoiceId));
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).invoiceId().equals(entries.get(i - 1).invoiceId())) {
                throw new InvariantViolationException("journal of " + businessDate + " holds invoice "
                        + entries.get(i).invoiceId() + " twice");
            }
        }
        if (entries.size() != run.completion().entries()) {
            throw new InvariantViolationException("journal of " + businessDate + " (run " + run.runId() + ") has "
                    + entries.size() + " entries, the run recorded " + run.completion().entries());
        }
        return entries;
    }

    @Override
    public List<SummaryLine> summary(LocalDate businessDate) {
        Optional<RunRecord> current = currentRun(businessDate);
        if (current.isEmpty()) {
            return List.of();
        }
        return summaryOf(current.get());
    }

    /** A published run's summary, checked against its control totals. */
    private List<SummaryLine> summaryOf(RunRecord run) {
        List<SummaryLine> lines = new ArrayList<>();
        for (Map<String, AttributeValue> item : reader.query(Keys.dayPk(run.businessDate()), Keys.summaryPrefix(run.runId()), null)) {
            lines.addAll(SummaryPages.linesOf(item));
        }
        lines.sort(SummaryLine.ORDER);
        if (!DaySummaries.totals(lines).equals(run.completion().controlTotals())) {
            throw new InvariantViolationException("summary of " + run.businessDate() + " (run " + run.runId()
                    + ") totals " + DaySummaries.totals(lines) + ", the run recorded " + run.completion().controlTotals());
        }
        return lines;
    }

    @Override
    public List<SummaryLine> summary(YearMonth month) {
        List<List<SummaryLine>> days = new ArrayList<>();
        for (int day = 1; day <= month.lengthOfMonth(); day++) {
            days.add(summary(month.atDay(day)));
        }
        return DaySummaries.merge(days);
    }

    /** Marks and unmarks decided again after a concurrent change cancelled the conditional write, at most. */
    static final int NO_FILE_ATTEMPTS_MAX = 3;

    @Override
    public NoFileMark markNoFile(LocalDate date, String by, String reason) {
        for (int attempt = 1; attempt <= NO_FILE_ATTEMPTS_MAX; attempt++) {
            NoFileMark mark = NoFileRules.mark(date, periodState(YearMonth.from(date)), currentRun(date),
                    noFile(date).mark(), by, reason, clock.instant());
            if (noFiles.mark(mark)) {
                return mark;
            }
        }
        throw new JournalStoreException("marking " + date + " as having no file: the day or its month changed "
                + NO_FILE_ATTEMPTS_MAX + " times while it was being marked; try again");
    }

    @Override
    public void unmarkNoFile(LocalDate date, String by, String reason) {
        for (int attempt = 1; attempt <= NO_FILE_ATTEMPTS_MAX; attempt++) {
            NoFileMark was = NoFileRules.unmark(date, periodState(YearMonth.from(date)), noFile(date).mark(), by, reason);
            if (noFiles.unmark(was, clock.instant(), by.strip(), reason.strip())) {
                return;
            }
        }
        throw new JournalStoreException("unmarking " + date + ": the day or its month changed " + NO_FILE_ATTEMPTS_MAX
                + " times while it was being unmarked; try again");
    }

    @Override
    public NoFileRecord noFile(LocalDate date) {
        return NoFileItems.fromItem(date, reader.get(Keys.dayPk(date), Keys.NO_FILE));
    }

    @Override
    public PeriodState periodState(YearMonth month) {
        Map<String, AttributeValue> item = reader.get(Keys.periodPk(month), Keys.PERIOD);
        return item == null ? PeriodState.OPEN : PeriodState.valueOf(s(item, "state"));
    }

    @Override
    public PeriodRecord period(YearMonth month) {
        Map<String, AttributeValue> item = reader.get(Keys.periodPk(month), Keys.PERIOD);
        if (item == null) {
            return new PeriodRecord(month, PeriodState.OPEN, List.of());
        }
        List<PeriodEvent> history = new ArrayList<>();
        AttributeValue events = item.get("history");
        if (events != null && events.hasL()) {
            for (AttributeValue event : events.l()) {
                Map<String, AttributeValue> e = event.m();
                PeriodState to = PeriodState.valueOf(e.get("to").s());
                String from = e.get("from").s();
                history.add(new PeriodEvent(Instant.parse(e.get("at").s()), from.isEmpty() ? to : PeriodState.valueOf(from),
                        to, e.get("by").s(), e.get("reason").s()));
            }
        }
        List<Long> batches = new ArrayList<>();
        AttributeValue exported = item.get(RunPublisher.BATCHES);
        if (exported != null && exported.hasNs()) {
            exported.ns().forEach(n -> batches.add(Long.parseLong(n)));
        }
        return new PeriodRecord(month, PeriodState.valueOf(s(item, "state")), history, batches);
    }

    @Override
    public PeriodState transitionPeriod(YearMonth month, PeriodState from, PeriodState to, String by, String reason) {
        PeriodRules.requireStep(month, from, to);
        try {
            publisher.transitionPeriod(month, List.of(from), to, by, reason);
            return to;
        } catch (ConditionalCheckFailedException e) {
            throw PeriodRules.notIn(month, periodState(month), from, to);
        }
    }

    @Override
    public PeriodState markExported(YearMonth month, long batchId, String by, String reason) {
        PeriodRules.requireBatch(month, batchId);
        try {
            publisher.transitionPeriod(month, List.of(PeriodState.CLOSED), PeriodState.EXPORTED, by, reason, batchId);
            return PeriodState.EXPORTED;
        } catch (ConditionalCheckFailedException e) {
            throw PeriodRules.notIn(month, periodState(month), PeriodState.CLOSED, PeriodState.EXPORTED);
        }
    }

    @Override
    public void recordExportBatch(YearMonth month, long batchId, String by, String reason) {
        PeriodRules.requireBatch(month, batchId);
        publisher.notePeriod(month, periodState(month), by, reason, batchId);
    }

    @Override
    public PeriodState reopenPeriod(YearMonth month, String by, String reason) {
        PeriodState state = periodState(month);
        PeriodRules.requireReopenable(month, state, by, reason);
        try {
            publisher.transitionPeriod(month, List.of(state), PeriodState.OPEN, by, reason);
            return state;
        } catch (ConditionalCheckFailedException e) {
            throw new PeriodTransitionException("period " + month + " changed to " + periodState(month)
                    + " while being reopened; try again");
        }
    }

    @Override
    public void notePeriod(YearMonth month, String by, String reason) {
        publisher.notePeriod(month, periodState(month), by, reason);
    }
}
