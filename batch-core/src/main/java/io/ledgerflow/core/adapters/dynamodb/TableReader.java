package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.JournalStoreException;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.WrittenItem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
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
     * What identifies each stored item of a run's entries (key, count, digest; one-entry items of
     * older stores count 1 and have no digest), by shard: the bodies are not read, so this is cheap;
     * {@link EntryPages#entriesOf} checks each count again whenever a page is decoded.
     */
    List<List<WrittenItem>> storedItems(LocalDate date, String runId, int shards) {
        return perShard(shards, shard -> {
            List<WrittenItem> items = new ArrayList<>();
            for (var item : query(Keys.entryPk(date, shard), Keys.runPrefix(runId), METADATA_PROJECTION)) {
                items.add(new WrittenItem(shard, s(item, Keys.SK), EntryPages.countOf(item),
                        item.containsKey(ItemDigest.ATTRIBUTE) ? s(item, ItemDigest.ATTRIBUTE) : ""));
            }
            return items;
        });
    }

    /** What identifies an entry item: its key, type, page count and digest, never the body. */
    private static final String METADATA_PROJECTION = "pk, sk, #type, " + EntryPages.COUNT + ", " + ItemDigest.ATTRIBUTE;

    /** A run's entries, unordered. */
    List<JournalEntry> entries(LocalDate date, String runId, int shards) {
        List<JournalEntry> entries = new ArrayList<>();
        perShard(shards, shard -> {
            List<JournalEntry> read = new ArrayList<>();
            for (var item : query(Keys.entryPk(date, shard), Keys.runPrefix(runId), null)) {
                read.addAll(EntryPages.entriesOf(item));
            }
            return read;
        }).forEach(entries::addAll);
        return entries;
    }

    /**
     * Every stored item of a run's entries, hashed again from its stored bytes (not decoded), by
     * shard: each as its key, count and recomputed digest, and whether that digest still equals the
     * one written into the item.
     */
    List<List<RehashedItem>> rehashedItems(LocalDate date, String runId, int shards) {
        return perShard(shards, shard -> {
            List<RehashedItem> items = new ArrayList<>();
            for (var item : query(Keys.entryPk(date, shard), Keys.runPrefix(runId), null)) {
                String digest = ItemDigest.of(item);
                String written = item.containsKey(ItemDigest.ATTRIBUTE) ? s(item, ItemDigest.ATTRIBUTE) : "";
                items.add(new RehashedItem(new WrittenItem(shard, s(item, Keys.SK), EntryPages.countOf(item), digest),
                        digest.equals(written)));
            }
            return items;
        });
    }

    /** An item hashed again: {@code matchesOwnDigest} false when its bytes no longer match the digest it was written with. */
    record RehashedItem(WrittenItem item, boolean matchesOwnDigest) {}

    /**
     * {@code read} of every shard, in shard order. Shards are read in parallel, at most
     * {@code writeConcurrency} at once (the client's connection pool is sized for that many).
     */
    private <T> List<T> perShard(int shards, IntFunction<T> read) {
        List<T> byShard = new ArrayList<>(Collections.nCopies(shards, null));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        int lanes = Math.min(settings.writeConcurrency(), shards);
        List<Thread> threads = new ArrayList<>(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            threads.add(Thread.ofVirtual().name("ddb-read-", lane).start(() -> {
                for (int shard = first; shard < shards && failure.get() == null; shard += lanes) {
                    try {
                        byShard.set(shard, read.apply(shard));
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
        return byShard;
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
