package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import io.ledgerflow.core.store.ConcurrentRunException;
import io.ledgerflow.core.store.JournalStoreException;
import io.ledgerflow.core.store.PeriodNotOpenException;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.WriteNotCompletedException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The conditional writes that change what readers see: the publish transaction, run status
 * changes, period transitions.
 */
final class RunPublisher {

    private static final String CHECK_FAILED = "ConditionalCheckFailed";
    /** The cancellation reason of a transaction that found too little capacity: nothing was written. */
    private static final String THROTTLED = "ThrottlingError";

    private final DynamoDbClient client;
    private final DynamoDbStoreSettings settings;
    private final Clock clock;
    private final TableReader reader;
    private final Backoff backoff;
    private final Sleeper sleeper;

    RunPublisher(DynamoDbClient client, DynamoDbStoreSettings settings, Clock clock, TableReader reader, Backoff backoff,
            Sleeper sleeper) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.reader = reader;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /**
     * One transaction, all or nothing: the month is still OPEN; the day's pointer still names the
     * run that was current when this run began, and now names this run; this run STARTED →
     * COMPLETED with its completion and {@code recorded} (the stored items' digests); the replaced
     * run COMPLETED → SUPERSEDED.
     */
    void publish(RunRecord run, RunCompletion completion, Map<String, AttributeValue> recorded) {
        LocalDate date = run.businessDate();
        String now = clock.instant().toString();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().conditionCheck(openPeriodCheck(date)).build());
        items.add(TransactWriteItem.builder().update(pointerUpdate(run, now)).build());
        Map<String, AttributeValue> attributes = new HashMap<>(RunItems.completionAttributes(completion));
        attributes.putAll(recorded);
        Map<String, AttributeValue> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(":" + name, value));
        values.put(":completed", s(RunStatus.COMPLETED.name()));
        values.put(":started", s(RunStatus.STARTED.name()));
        values.put(":now", s(now));
        items.add(TransactWriteItem.builder().update(statusUpdate(run, values, attributes.keySet())).build());
        if (run.previousRunId() != null) {
            items.add(TransactWriteItem.builder().update(Update.builder().tableName(settings.tableName())
                    .key(key(Keys.dayPk(date), Keys.runSk(run.previousRunId())))
                    .updateExpression("SET #status = :superseded")
                    .conditionExpression("#status = :completed")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":superseded", s(RunStatus.SUPERSEDED.name()),
                            ":completed", s(RunStatus.COMPLETED.name()))).build()).build());
        }
        transact(run, items, reasons -> refusal(run, reasons));
    }

    /**
     * Writes a new run record if no run of its id exists; returns false when one does (the caller
     * reads again and decides again). What makes a day's run unable to replace a published one is
     * the publish's own condition: a run begun over no current run publishes only while the day
     * still has none ({@link #publish}); this write only records the run.
     */
    boolean begin(RunRecord run) {
        try {
            client.putItem(r -> r.tableName(settings.tableName()).item(RunItems.toItem(run))
                    .conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    private ConditionCheck openPeriodCheck(LocalDate date) {
        return ConditionCheck.builder()
                .tableName(settings.tableName()).key(key(Keys.periodPk(YearMonth.from(date)), Keys.PERIOD))
                .conditionExpression("attribute_not_exists(#state) OR #state = :open")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":open", s(PeriodState.OPEN.name()))).build();
    }

    /**
     * Runs the publish transaction. DynamoDB cancels a transaction that finds too little capacity
     * with a {@code ThrottlingError} reason (not an exception the SDK retries), having written
     * nothing: that is retried like a throttled batch, at most {@code batchAttemptsMax} times.
     * Any failed condition is a refusal, whatever else was throttled.
     */
    private void transact(RunRecord run, List<TransactWriteItem> items,
            java.util.function.Function<List<CancellationReason>, RuntimeException> refusal) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.transactWriteItems(r -> r.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                boolean throttled = reasons.stream().anyMatch(r -> THROTTLED.equals(r.code()))
                        && reasons.stream().noneMatch(r -> CHECK_FAILED.equals(r.code()));
                if (!throttled) {
                    RuntimeException refused = refusal.apply(reasons);
                    if (refused == null) {
                        return;
                    }
                    throw refused;
                }
                if (attempt >= settings.batchAttemptsMax()) {
                    throw new WriteNotCompletedException("publishing run " + run.runId() + " for " + run.businessDate(),
                            List.of(Keys.dayPk(run.businessDate()) + "/" + Keys.CURRENT), attempt, e);
                }
                sleep(backoff.delayMillis(attempt - 1));
            }
        }
    }

    private void sleep(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalStoreException("interrupted while backing off a throttled publish", e);
        }
    }

    private Update pointerUpdate(RunRecord run, String now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":run", s(run.runId()));
        values.put(":now", s(now));
        String condition = "attribute_not_exists(runId)";
        if (run.previousRunId() != null) {
            values.put(":previous", s(run.previousRunId()));
            condition = "runId = :previous";
        }
        return Update.builder().tableName(settings.tableName()).key(key(Keys.dayPk(run.businessDate()), Keys.CURRENT))
                .updateExpression("SET runId = :run, updatedAt = :now, #type = :pointer")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(withPointerType(values)).build();
    }

    private static Map<String, AttributeValue> withPointerType(Map<String, AttributeValue> values) {
        values.put(":pointer", s("CURRENT_RUN"));
        return values;
    }

    private Update statusUpdate(RunRecord run, Map<String, AttributeValue> values, Set<String> attributes) {
        StringBuilder set = new StringBuilder("SET #status = :completed, finishedAt = :now");
        Map<String, String> names = new HashMap<>();
        names.put("#status", "status");
        for (String name : attributes) {
            set.append(", #").append(name).append(" = :").append(name);
            names.put("#" + name, name); // some plain words are reserved in expressions
        }
        return Update.builder().tableName(settings.tableName())
                .key(key(Keys.dayPk(run.businessDate()), Keys.runSk(run.runId())))
                .updateExpression(set.toString())
                .conditionExpression("#status = :started")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values).build();
    }

    /** Maps the failed condition to the caller's failure; a run that lost a race is marked FAILED. */
    private RuntimeException refusal(RunRecord run, List<CancellationReason> reasons) {
        LocalDate date = run.businessDate();
        int failed = 0;
        while (failed < reasons.size() && !CHECK_FAILED.equals(reasons.get(failed).code())) {
            failed++;
        }
        return switch (failed) {
            case 0 -> {
                YearMonth month = YearMonth.from(date);
                PeriodState state = PeriodState.valueOf(s(reader.get(Keys.periodPk(month), Keys.PERIOD), "state"));
                markFailed(run, "period " + month + " became " + state + " before the run was published");
                yield new PeriodNotOpenException(month, state, "publishing run " + run.runId() + " for " + date);
            }
            case 1 -> {
                String actual = reader.currentRunId(date);
                ConcurrentRunException lost = new ConcurrentRunException(date, run.runId(), run.previousRunId(), actual);
                markFailed(run, lost.getMessage());
                yield lost;
            }
            case 2 -> new RunStateException("run " + run.runId() + " for " + date + " is no longer STARTED");
            case 3 -> new RunStateException("run " + run.previousRunId() + " that run " + run.runId()
                    + " replaces is no longer COMPLETED");
            default -> new RunStateException("publishing run " + run.runId() + " for " + date
                    + " was cancelled: " + reasons);
        };
    }

    void markFailed(RunRecord run, String failure) {
        setStatus(run, RunStatus.STARTED, RunStatus.FAILED, failure);
    }

    void markPurged(RunRecord run) {
        setStatus(run, run.status(), RunStatus.PURGED, null);
    }

    /** Records that no late write of a PURGED run can land any more: sweeps skip it from now on. */
    void markSwept(RunRecord run) {
        client.updateItem(r -> r.tableName(settings.tableName())
                .key(key(Keys.dayPk(run.businessDate()), Keys.runSk(run.runId())))
                .updateExpression("SET #swept = if_not_exists(#swept, :now)")
                .conditionExpression("#status = :purged")
                .expressionAttributeNames(Map.of("#status", "status", "#swept", RunItems.SWEPT_AT))
                .expressionAttributeValues(Map.of(":purged", s(RunStatus.PURGED.name()), ":now", s(clock.instant().toString()))));
    }

    private void setStatus(RunRecord run, RunStatus from, RunStatus to, String failure) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", s(from.name()));
        values.put(":to", s(to.name()));
        values.put(":now", s(clock.instant().toString()));
        String set = "SET #status = :to, finishedAt = if_not_exists(finishedAt, :now)"
                + (failure == null ? "" : ", failure = :failure");
        if (failure != null) {
            values.put(":failure", s(failure));
        }
        try {
            client.updateItem(r -> r.tableName(settings.tableName())
                    .key(key(Keys.dayPk(run.businessDate()), Keys.runSk(run.runId())))
                    .updateExpression(set).conditionExpression("#status = :from")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw new RunStateException("run " + run.runId() + " for " + run.businessDate() + " is not "
                    + from + "; cannot mark it " + to);
        }
    }

    /**
     * Moves the month to {@code to} if it is in one of {@code from} (OPEN also when it has no item
     * yet), appending the event to its history. Throws {@link ConditionalCheckFailedException}
     * otherwise.
     */
    void transitionPeriod(YearMonth month, List<PeriodState> from, PeriodState to, String by, String reason) {
        transitionPeriod(month, from, to, by, reason, null);
    }

    /** As above, also adding {@code batchId} (when not null) to the month's export batches. */
    void transitionPeriod(YearMonth month, List<PeriodState> from, PeriodState to, String by, String reason, Long batchId) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            values.put(":from" + i, s(from.get(i).name()));
            alternatives.add("#state = :from" + i);
        }
        if (from.contains(PeriodState.OPEN)) {
            alternatives.add("attribute_not_exists(#state)");
        }
        values.put(":to", s(to.name()));
        values.put(":now", s(clock.instant().toString()));
        values.put(":period", s("PERIOD"));
        values.put(":event", AttributeValue.fromL(List.of(event(from.size() == 1 ? from.get(0) : null, to, by, reason))));
        values.put(":none", AttributeValue.fromL(List.of()));
        if (batchId != null) {
            values.put(":batch", AttributeValue.fromNs(List.of(Long.toString(batchId))));
        }
        client.updateItem(r -> r.tableName(settings.tableName()).key(key(Keys.periodPk(month), Keys.PERIOD))
                .updateExpression("SET #state = :to, updatedAt = :now, #type = :period,"
                        + " history = list_append(if_not_exists(history, :none), :event)"
                        + (batchId == null ? "" : " ADD " + BATCHES + " :batch"))
                .conditionExpression(String.join(" OR ", alternatives))
                .expressionAttributeNames(Map.of("#state", "state", "#type", "type"))
                .expressionAttributeValues(values));
    }

    /** The attribute of a month's item holding its export batches (a number set). */
    static final String BATCHES = "exportBatches";

    /** Appends an event that changes nothing to the month's history (creating the month's item OPEN if needed). */
    void notePeriod(YearMonth month, PeriodState state, String by, String reason) {
        notePeriod(month, state, by, reason, null);
    }

    /** As above, also adding {@code batchId} (when not null) to the month's export batches. */
    void notePeriod(YearMonth month, PeriodState state, String by, String reason, Long batchId) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":open", s(PeriodState.OPEN.name()),
                ":now", s(clock.instant().toString()), ":period", s("PERIOD"), ":none", AttributeValue.fromL(List.of()),
                ":event", AttributeValue.fromL(List.of(event(state, state, by, reason)))));
        if (batchId != null) {
            values.put(":batch", AttributeValue.fromNs(List.of(Long.toString(batchId))));
        }
        client.updateItem(r -> r.tableName(settings.tableName()).key(key(Keys.periodPk(month), Keys.PERIOD))
                .updateExpression("SET #state = if_not_exists(#state, :open), updatedAt = :now, #type = :period,"
                        + " history = list_append(if_not_exists(history, :none), :event)"
                        + (batchId == null ? "" : " ADD " + BATCHES + " :batch"))
                .expressionAttributeNames(Map.of("#state", "state", "#type", "type"))
                .expressionAttributeValues(values));
    }

    private AttributeValue event(PeriodState from, PeriodState to, String by, String reason) {
        Map<String, AttributeValue> event = new HashMap<>();
        event.put("at", s(clock.instant().toString()));
        event.put("from", s(from == null ? "" : from.name()));
        event.put("to", s(to.name()));
        event.put("by", s(by));
        event.put("reason", s(reason));
        return AttributeValue.fromM(event);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, s(pk), Keys.SK, s(sk));
    }
}
