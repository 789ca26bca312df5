package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import io.ledgerflow.core.store.NoFileEvent;
import io.ledgerflow.core.store.NoFileMark;
import io.ledgerflow.core.store.NoFileRecord;
import io.ledgerflow.core.store.PeriodState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A day's no-file mark: one item {@code DAY#{date}} / {@code NOFILE}, {@code type=NO_FILE}, with
 * {@code marked} (BOOL), the mark's {@code by}, {@code reason} and {@code at}, and {@code history}
 * (every mark and unmark, oldest first). Each change is one {@code TransactWriteItems}: the month is
 * still OPEN (a condition check of its item), the day still has no current run (marking only; a
 * condition check of its pointer), and the mark is still as the rules saw it (the item's own
 * condition). The decision is {@link io.ledgerflow.core.store.NoFileRules}'.
 */
final class NoFileItems {

    private final DynamoDbClient client;
    private final DynamoDbStoreSettings settings;

    NoFileItems(DynamoDbClient client, DynamoDbStoreSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    static NoFileRecord fromItem(LocalDate date, Map<String, AttributeValue> item) {
        if (item == null) {
            return NoFileRecord.none(date);
        }
        List<NoFileEvent> history = new ArrayList<>();
        AttributeValue events = item.get("history");
        if (events != null && events.hasL()) {
            for (AttributeValue event : events.l()) {
                Map<String, AttributeValue> e = event.m();
                history.add(new NoFileEvent(Instant.parse(e.get("at").s()), date, e.get("marked").bool(), e.get("by").s(),
                        e.get("reason").s()));
            }
        }
        AttributeValue marked = item.get("marked");
        Optional<NoFileMark> mark = marked != null && Boolean.TRUE.equals(marked.bool())
                ? Optional.of(new NoFileMark(date, s(item, "by"), s(item, "reason"), Instant.parse(s(item, "at"))))
                : Optional.empty();
        return new NoFileRecord(date, mark, history);
    }

    /**
     * Records the mark; returns false (nothing written) when a condition no longer held: the month
     * left OPEN, a run was published, or the day was marked meanwhile (the caller reads and decides again).
     */
    boolean mark(NoFileMark mark) {
        Map<String, AttributeValue> values = eventValues(mark.date(), mark.at(), true, mark.by(), mark.reason());
        values.put(":no", AttributeValue.fromBool(false));
        Update update = Update.builder().tableName(settings.tableName()).key(key(Keys.dayPk(mark.date()), Keys.NO_FILE))
                .updateExpression("SET #marked = :marked, #by = :by, #reason = :reason, #at = :at, #type = :type,"
                        + " history = list_append(if_not_exists(history, :none), :event)")
                .conditionExpression("attribute_not_exists(#marked) OR #marked = :no")
                .expressionAttributeNames(Map.of("#marked", "marked", "#by", "by", "#reason", "reason", "#at", "at", "#type", "type"))
                .expressionAttributeValues(values).build();
        ConditionCheck noRun = ConditionCheck.builder().tableName(settings.tableName())
                .key(key(Keys.dayPk(mark.date()), Keys.CURRENT)).conditionExpression("attribute_not_exists(runId)").build();
        return transact(List.of(openMonth(mark.date()), TransactWriteItem.builder().conditionCheck(noRun).build(),
                TransactWriteItem.builder().update(update).build()));
    }

    /** Takes the mark back; returns false (nothing written) when the month left OPEN or the mark changed meanwhile. */
    boolean unmark(NoFileMark was, Instant at, String by, String reason) {
        Map<String, AttributeValue> values = eventValues(was.date(), at, false, by, reason);
        values.put(":yes", AttributeValue.fromBool(true));
        values.put(":was", s(was.at().toString()));
        Update update = Update.builder().tableName(settings.tableName()).key(key(Keys.dayPk(was.date()), Keys.NO_FILE))
                .updateExpression("SET #marked = :marked, #type = :type, history = list_append(if_not_exists(history, :none), :event)"
                        + " REMOVE #by, #reason, #at")
                .conditionExpression("#marked = :yes AND #at = :was")
                .expressionAttributeNames(Map.of("#marked", "marked", "#by", "by", "#reason", "reason", "#at", "at", "#type", "type"))
                .expressionAttributeValues(withoutMarkValues(values)).build();
        return transact(List.of(openMonth(was.date()), TransactWriteItem.builder().update(update).build()));
    }

    /** An unmark sets none of the mark's own values (it removes them): only the event's. */
    private static Map<String, AttributeValue> withoutMarkValues(Map<String, AttributeValue> values) {
        values.remove(":by");
        values.remove(":reason");
        values.remove(":at");
        return values;
    }

    private static Map<String, AttributeValue> eventValues(LocalDate date, Instant at, boolean marked, String by,
            String reason) {
        Map<String, AttributeValue> event = new HashMap<>();
        event.put("at", s(at.toString()));
        event.put("marked", AttributeValue.fromBool(marked));
        event.put("by", s(by));
        event.put("reason", s(reason));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":marked", AttributeValue.fromBool(marked));
        values.put(":by", s(by));
        values.put(":reason", s(reason));
        values.put(":at", s(at.toString()));
        values.put(":type", s("NO_FILE"));
        values.put(":none", AttributeValue.fromL(List.of()));
        values.put(":event", AttributeValue.fromL(List.of(AttributeValue.fromM(event))));
        return values;
    }

    private TransactWriteItem openMonth(LocalDate date) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(settings.tableName())
                .key(key(Keys.periodPk(YearMonth.from(date)), Keys.PERIOD))
                .conditionExpression("attribute_not_exists(#state) OR #state = :open")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":open", s(PeriodState.OPEN.name()))).build()).build();
    }

    /**
     * One attempt. A cancelled transaction wrote nothing: false, and the caller decides again on
     * what it reads then (which names the refusal). A throttled one is the same to the caller: it
     * reads, decides and tries once more, then reports that the day kept changing.
     */
    private boolean transact(List<TransactWriteItem> items) {
        try {
            client.transactWriteItems(r -> r.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, s(pk), Keys.SK, s(sk));
    }
}
