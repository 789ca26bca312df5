package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.PeriodNotOpenException;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodRecord;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.PeriodTransitionException;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunIncompleteException;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunRequest;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.SummaryLine;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    }

    @Override
    public long throttledWrites() {
        return writer.throttledRequests();
    }

    @Override
    public RunRecord beginRun(RunRequest request) {
        LocalDate date = request.businessDate();
        YearMonth month = YearMonth.from(date);
        PeriodState state = periodState(month);
        if (state != PeriodState.OPEN) {
            throw new PeriodNotOpenException(month, state, "run " + request.runId() + " for " + date);
        }
        RunRecord run = new RunRecord(request.runId(), date, RunStatus.STARTED, reader.currentRunId(date),
                settings.shards(), request.ruleSetEffectiveFrom(), request.requestedBy(), request.reason(),
                clock.instant(), null, null, null);
        try {
            client.putItem(r -> r.tableName(settings.tableName()).item(RunItems.toItem(run))
                    .conditionExpression("attribute_not_exists(pk)"));
            return run;
        } catch (ConditionalCheckFailedException exists) {
            RunRecord existing = reader.requireRun(date, request.runId());
            if (existing.status() != RunStatus.STARTED) {
                throw new RunStateException("run " + request.runId() + " for " + date + " already exists and is "
                        + existing.status() + "; a new run needs a new id");
            }
            return existing; // resuming a run that did not finish: its writes are idempotent
        }
    }

    @Override
    public void writeEntries(LocalDate businessDate, String runId, List<JournalEntry> entries) {
        RunRecord run = reader.requireRun(businessDate, runId);
        if (run.status() != RunStatus.STARTED) {
            throw new RunStateException("run " + runId + " for " + businessDate + " is " + run.status()
                    + "; entries can only be written while it is STARTED");
        }
        List<WriteRequest> requests = EntryPages.toItems(businessDate, runId, run.shards(), settings.pageEntriesMax(), entries).stream()
                .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build())
                .toList();
        writer.write("entries of run " + runId + " for " + businessDate, requests,
                new RunStartedCheck(reader, businessDate, runId, RunStartedCheck.REUSE_MILLIS_MAX));
    }

    @Override
    public RunRecord publishRun(
            LocalDate businessDate, String runId, RunCompletion completion, List<SummaryLine> summary) {
        RunRecord run = reader.requireRun(businessDate, runId);
        if (run.status() == RunStatus.COMPLETED && runId.equals(reader.currentRunId(businessDate))) {
            return run; // a retried publish of a run that made it
        }
        if (run.status() != RunStatus.STARTED) {
            throw new RunStateException("run " + runId + " for " + businessDate + " is " + run.status()
                    + "; only a STARTED run can be published");
        }
        if (!DaySummaries.totals(summary).equals(completion.controlTotals())) {
            throw new RunIncompleteException("run " + runId + " for " + businessDate + ": the summary totals "
                    + DaySummaries.totals(summary) + " differ from the control totals " + completion.controlTotals());
        }
        long stored = reader.countEntries(businessDate, runId, run.shards());
        if (stored != completion.entries()) {
            throw new RunIncompleteException("run " + runId + " for " + businessDate + " has " + stored
                    + " entries stored but reports " + completion.entries() + "; not published");
        }
        List<WriteRequest> summaryItems = SummaryPages.toItems(businessDate, runId, summary).stream()
                .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build())
                .toList();
        writer.write("summary of run " + runId + " for " + businessDate, summaryItems);
        publisher.publish(run, completion);
        return reader.requireRun(businessDate, runId);
    }

    @Override
    public RunRecord failRun(LocalDate businessDate, String runId, String failure) {
        publisher.markFailed(reader.requireRun(businessDate, runId), failure);
        return reader.requireRun(businessDate, runId);
    }

    @Override
    public long purgeEntries(LocalDate businessDate, String runId, int itemsMax) {
        if (itemsMax < 1 || itemsMax > PURGE_ITEMS_MAX) {
            throw new IllegalArgumentException("itemsMax must be 1.." + PURGE_ITEMS_MAX + ", got " + itemsMax);
        }
        RunRecord run = reader.requireRun(businessDate, runId);
        if (run.status() == RunStatus.PURGED) {
            return 0;
        }
        if (!run.status().purgeable() || runId.equals(reader.currentRunId(businessDate))) {
            throw new RunStateException("run " + runId + " for " + businessDate + " is " + run.status()
                    + "; only SUPERSEDED or FAILED runs are purged");
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
        RunRecord run = current.get();
        List<SummaryLine> lines = new ArrayList<>();
        for (Map<String, AttributeValue> item : reader.query(Keys.dayPk(businessDate), Keys.summaryPrefix(run.runId()), null)) {
            lines.addAll(SummaryPages.linesOf(item));
        }
        lines.sort(SummaryLine.ORDER);
        if (!DaySummaries.totals(lines).equals(run.completion().controlTotals())) {
            throw new InvariantViolationException("summary of " + businessDate + " (run " + run.runId()
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
        return new PeriodRecord(month, PeriodState.valueOf(s(item, "state")), history);
    }

    @Override
    public PeriodState transitionPeriod(YearMonth month, PeriodState from, PeriodState to, String by, String reason) {
        if (from.next() != to) {
            throw new PeriodTransitionException("period " + month + " cannot move from " + from + " to " + to
                    + "; the only step from " + from + " is to " + from.next());
        }
        try {
            publisher.transitionPeriod(month, List.of(from), to, by, reason);
            return to;
        } catch (ConditionalCheckFailedException e) {
            PeriodState actual = periodState(month);
            throw new PeriodTransitionException("period " + month + " is " + actual + ", not " + from
                    + "; cannot move it to " + to);
        }
    }

    @Override
    public PeriodState reopenPeriod(YearMonth month, String by, String reason) {
        PeriodState state = periodState(month);
        if (state != PeriodState.CLOSING && state != PeriodState.CLOSED) {
            throw new PeriodTransitionException("period " + month + " is " + state
                    + "; only a CLOSING or CLOSED month (not yet EXPORTED) can be reopened");
        }
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
