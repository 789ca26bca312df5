package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.JournalStoreException;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Strongly consistent reads of the journal table: every read sees every write that completed
 * before it, which is what makes "published" mean visible. Queries page through results, at most
 * {@code queryPagesMax} pages each.
 */
final class TableReader {

    private final DynamoDbClient client;
    private final DynamoDbStoreSettings settings;

    TableReader(DynamoDbClient client, DynamoDbStoreSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The item with this key, or null. */
    Map<String, AttributeValue> get(String pk, String sk) {
        var response = client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true)
                .key(Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk))));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    String currentRunId(LocalDate date) {
        Map<String, AttributeValue> pointer = get(Keys.dayPk(date), Keys.CURRENT);
        return pointer == null ? null : s(pointer, "runId");
    }

    /**
     * The run's status alone: one strongly consistent read of a small projection (1 read unit),
     * cheap enough to make before every batch write of the run.
     */
    RunStatus runStatus(LocalDate date, String runId) {
        var response = client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.dayPk(date)), Keys.SK, AttributeValue.fromS(Keys.runSk(runId))))
                .projectionExpression("#status").expressionAttributeNames(Map.of("#status", "status")));
        if (!response.hasItem() || response.item().isEmpty()) {
            throw new RunStateException("no run " + runId + " for " + date);
        }
        return RunStatus.valueOf(s(response.item(), "status"));
    }

    java.util.Optional<RunRecord> run(LocalDate date, String runId) {
        Map<String, AttributeValue> item = get(Keys.dayPk(date), Keys.runSk(runId));
        return item == null ? java.util.Optional.empty() : java.util.Optional.of(RunItems.fromItem(item));
    }

    RunRecord requireRun(LocalDate date, String runId) {
        Map<String, AttributeValue> item = get(Keys.dayPk(date), Keys.runSk(runId));
        if (item == null) {
            throw new RunStateException("no run " + runId + " for " + date);
        }
        return RunItems.fromItem(item);
    }

    /** Every item of {@code pk} whose sort key starts with {@code skPrefix}; {@code projection} may be null. */
    List<Map<String, AttributeValue>> query(String pk, String skPrefix, String projection) {
        return query(pk, skPrefix, projection, Integer.MAX_VALUE);
    }

    List<Map<String, AttributeValue>> query(String pk, String skPrefix, String projection, int itemsMax) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest.Builder request = prefixQuery(pk, skPrefix);
        if (projection != null) {
            request.projectionExpression(projection);
            if (projection.contains("#type")) {
                request.expressionAttributeNames(Map.of("#type", "type")); // TYPE is a reserved word
            }
        }
        Map<String, AttributeValue> start = null;
        for (int page = 0; page < settings.queryPagesMax(); page++) {
            QueryResponse response = client.query(request.exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (items.size() == itemsMax) {
                    return items;
                }
                items.add(item);
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return items;
            }
            start = response.lastEvaluatedKey();
        }
        throw new IllegalStateException("query of " + pk + " " + skPrefix + "* read more than "
                + settings.queryPagesMax() + " pages; raise queryPagesMax if the day is really that large");
    }

    long count(String pk, String skPrefix) {
        QueryRequest.Builder request = prefixQuery(pk, skPrefix).select(Select.COUNT);
        long count = 0;
        Map<String, AttributeValue> start = null;
        for (int page = 0; page < settings.queryPagesMax(); page++) {
            QueryResponse response = client.query(request.exclusiveStartKey(start).build());
            count += response.count();
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return count;
            }
            start = response.lastEvaluatedKey();
        }
        throw new IllegalStateException("count of " + pk + " " + skPrefix + "* read more than "
                + settings.queryPagesMax() + " pages");
    }

    /**
     * A run's stored entries, by the counts their pages record (one-entry items count 1): the pages'
     * bodies are not decoded, so this is cheap; {@link EntryPages#entriesOf} checks each count again
     * whenever a page is read.
     */
    long countEntries(LocalDate date, String runId, int shards) {
        long count = 0;
        for (int shard = 0; shard < shards; shard++) {
            for (var item : query(Keys.entryPk(date, shard), Keys.runPrefix(runId), COUNT_PROJECTION)) {
                count += EntryPages.countOf(item);
            }
        }
        return count;
    }

    /** What counting needs of an entry item: its type and its page's count, never the body. */
    private static final String COUNT_PROJECTION = "pk, sk, #type, " + EntryPages.COUNT;

    /**
     * A run's entries, unordered. Shards are read in parallel, at most {@code writeConcurrency}
     * at once (the client's connection pool is sized for that many).
     */
    List<JournalEntry> entries(LocalDate date, String runId, int shards) {
        List<List<JournalEntry>> byShard = new ArrayList<>(Collections.nCopies(shards, List.of()));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        int lanes = Math.min(settings.writeConcurrency(), shards);
        List<Thread> threads = new ArrayList<>(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            threads.add(Thread.ofVirtual().name("ddb-read-", lane).start(() -> {
                for (int shard = first; shard < shards && failure.get() == null; shard += lanes) {
                    try {
                        List<JournalEntry> entries = new ArrayList<>();
                        for (var item : query(Keys.entryPk(date, shard), Keys.runPrefix(runId), null)) {
                            entries.addAll(EntryPages.entriesOf(item));
                        }
                        byShard.set(shard, entries);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        Threads.joinAll(threads, "reading shards");
        if (failure.get() != null) {
            throw failure.get();
        }
        List<JournalEntry> entries = new ArrayList<>();
        byShard.forEach(entries::addAll);
        return entries;
    }


    /** Keys of at most {@code itemsMax} entry items (pages, or one-entry items of older stores) of a run. */
    List<Map<String, AttributeValue>> entryKeys(LocalDate date, String runId, int shards, int itemsMax) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int shard = 0; shard < shards && keys.size() < itemsMax; shard++) {
            keys.addAll(query(Keys.entryPk(date, shard), Keys.runPrefix(runId), "pk, sk", itemsMax - keys.size()));
        }
        return keys;
    }

    List<Map<String, AttributeValue>> summaryKeys(LocalDate date, String runId) {
        return query(Keys.dayPk(date), Keys.summaryPrefix(runId), "pk, sk");
    }

    private QueryRequest.Builder prefixQuery(String pk, String skPrefix) {
        return QueryRequest.builder()
                .tableName(settings.tableName())
                .consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(pk), ":prefix", AttributeValue.fromS(skPrefix)));
    }
}
