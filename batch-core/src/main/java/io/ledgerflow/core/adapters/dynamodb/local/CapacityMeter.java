package io.ledgerflow.core.adapters.dynamodb.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The capacity of each table and of each partition key, as token buckets: per partition key one
 * bucket of write units and one of read units; per table one bucket of read units in which a write
 * unit costs {@link DynamoDbLimits#tableReadUnitsPerWriteUnit()} (DynamoDB's "any linear
 * combination" of the table's read and write capacity). A request must find its units in both its
 * key's bucket and its table's. Thread-safe: one lock, held for a few arithmetic operations.
 */
final class CapacityMeter {

    /** Key buckets kept before idle (full) ones are dropped; a full bucket is the same as a new one. */
    static final int KEYS_MAX = 100_000;

    /** One write of {@code units} write units to {@code key} (a partition key value) of {@code table}. */
    record Write(String table, String key, double units) {}

    private static final class KeyBuckets {
        final TokenBucket writes;
        final TokenBucket reads;

        KeyBuckets(DynamoDbLimits limits, long now) {
            writes = new TokenBucket(limits.partitionWriteUnitsPerSecond(), limits.burstSeconds(), now);
            reads = new TokenBucket(limits.partitionReadUnitsPerSecond(), limits.burstSeconds(), now);
        }
    }

    private final DynamoDbLimits limits;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> tables = new HashMap<>();
    private final Map<String, KeyBuckets> keys = new HashMap<>();
    private int keysEvictAt = KEYS_MAX;

    CapacityMeter(DynamoDbLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /**
     * All the writes or none: takes their units if every key and table involved has them. Returns
     * the indexes of the writes that found too little (empty when granted): every write when its
     * table is short, else those whose key is.
     */
    synchronized List<Integer> tryWriteAll(List<Write> writes) {
        long now = nanoTime.getAsLong();
        Map<String, Double> perKey = new LinkedHashMap<>();
        Map<String, Double> perTable = new LinkedHashMap<>();
        for (Write w : writes) {
            perKey.merge(keyId(w.table(), w.key()), w.units(), Double::sum);
            perTable.merge(w.table(), w.units() * limits.tableReadUnitsPerWriteUnit(), Double::sum);
        }
        List<Integer> refused = new ArrayList<>();
        boolean tableShort = perTable.entrySet().stream().anyMatch(e -> table(e.getKey(), now).available(now) < e.getValue());
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            String id = keyId(w.table(), w.key());
            if (tableShort || key(id, now).writes.available(now) < perKey.get(id)) {
                refused.add(i);
            }
        }
        if (refused.isEmpty()) {
            perKey.forEach((id, units) -> key(id, now).writes.take(units));
            perTable.forEach((table, units) -> table(table, now).take(units));
        }
        return refused;
    }

    /** One write: takes its units if its key and table have them. */
    synchronized boolean tryWrite(Write write) {
        return tryWriteAll(List.of(write)).isEmpty();
    }

    /** Charges writes whose units became known after they were done; the buckets may go below zero. */
    synchronized void debitWrite(String table, String key, double units) {
        long now = nanoTime.getAsLong();
        key(keyId(table, key), now).writes.take(units);
        table(table, now).take(units * limits.tableReadUnitsPerWriteUnit());
    }

    /**
     * Admits a read if its key (null: a scan, the table only) and table still have {@code units}
     * (the least the read can cost); the read's real cost is debited afterwards.
     */
    synchronized boolean tryRead(String table, String key, double units) {
        long now = nanoTime.getAsLong();
        TokenBucket t = table(table, now);
        TokenBucket k = key == null ? null : key(keyId(table, key), now).reads;
        if (t.available(now) < units || (k != null && k.available(now) < units)) {
            return false;
        }
        t.take(units);
        if (k != null) {
            k.take(units);
        }
        return true;
    }

    synchronized void debitRead(String table, String key, double units) {
        long now = nanoTime.getAsLong();
        table(table, now).take(units);
        if (key != null) {
            key(keyId(table, key), now).reads.take(units);
        }
    }

    private TokenBucket table(String table, long now) {
        return tables.computeIfAbsent(table, t -> new TokenBucket(limits.tableReadUnitsPerSecond(), limits.burstSeconds(), now));
    }

    private KeyBuckets key(String id, long now) {
        KeyBuckets buckets = keys.get(id);
        if (buckets == null) {
            if (keys.size() >= keysEvictAt) {
                keys.values().removeIf(b -> b.writes.full(now) && b.reads.full(now));
                keysEvictAt = Math.max(KEYS_MAX, keys.size() * 2); // all hot: grow, but evict again at twice the size
            }
            buckets = new KeyBuckets(limits, now);
            keys.put(id, buckets);
        }
        return buckets;
    }

    private static String keyId(String table, String key) {
        return table + '\u0000' + key;
    }
}
