package io.ledgerflow.core.adapters.dynamodb;

/**
 * The adapter's limits, all explicit. Defaults suit one Lambda worker or the embedded engine.
 *
 * @param shards partitions a day's entries are spread over ({@code JE#{date}#{shard}})
 * @param writeConcurrency batch requests in flight at once (and HTTP connections needed)
 * @param batchAttemptsMax attempts per 25-item batch before giving up, naming what was not written
 * @param retryDelayMillisBase first backoff ceiling; doubles per attempt
 * @param retryDelayMillisMax cap of the backoff ceiling
 * @param queryPagesMax pages one query may read before the store refuses (a runaway guard)
 * @param pageEntriesMax journal entries one page item holds at most (pages are also bounded by
 *     {@code EntryPages.PAGE_BODY_BYTES_MAX}; README-store.md, "Why pages")
 */
public record DynamoDbStoreSettings(
        String tableName,
        int shards,
        int writeConcurrency,
        int batchAttemptsMax,
        long retryDelayMillisBase,
        long retryDelayMillisMax,
        int queryPagesMax,
        int pageEntriesMax) {

    public static final int SHARDS_MAX = 1_000;
    public static final int WRITE_CONCURRENCY_MAX = 64;
    public static final int BATCH_ATTEMPTS_MAX = 20;
    public static final long RETRY_DELAY_MILLIS_LIMIT = 60_000;
    /** Entries a page may be configured to hold, at most. */
    public static final int PAGE_ENTRIES_LIMIT = 10_000;
    /** The default entries per page: the page's byte bound usually cuts first (about 700 small entries). */
    public static final int PAGE_ENTRIES_DEFAULT = 1_000;

    public DynamoDbStoreSettings {
        if (tableName == null || !tableName.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("table name must be 3..255 chars of [A-Za-z0-9_.-]: " + tableName);
        }
        requireBetween("shards", shards, 1, SHARDS_MAX);
        requireBetween("writeConcurrency", writeConcurrency, 1, WRITE_CONCURRENCY_MAX);
        requireBetween("batchAttemptsMax", batchAttemptsMax, 1, BATCH_ATTEMPTS_MAX);
        requireBetween("retryDelayMillisBase", retryDelayMillisBase, 1, RETRY_DELAY_MILLIS_LIMIT);
        requireBetween("retryDelayMillisMax", retryDelayMillisMax, retryDelayMillisBase, RETRY_DELAY_MILLIS_LIMIT);
        requireBetween("queryPagesMax", queryPagesMax, 1, 1_000_000);
        requireBetween("pageEntriesMax", pageEntriesMax, 1, PAGE_ENTRIES_LIMIT);
    }

    /** The settings of stores written before pages could be sized: {@link #PAGE_ENTRIES_DEFAULT} entries a page. */
    public DynamoDbStoreSettings(String tableName, int shards, int writeConcurrency, int batchAttemptsMax,
            long retryDelayMillisBase, long retryDelayMillisMax, int queryPagesMax) {
        this(tableName, shards, writeConcurrency, batchAttemptsMax, retryDelayMillisBase, retryDelayMillisMax,
                queryPagesMax, PAGE_ENTRIES_DEFAULT);
    }

    /** 16 shards, 8 requests in flight, 10 attempts, backoff 25 ms doubling to 2 s, 1,000 entries a page. */
    public static DynamoDbStoreSettings defaults(String tableName) {
        return new DynamoDbStoreSettings(tableName, 16, 8, 10, 25, 2_000, 100_000, PAGE_ENTRIES_DEFAULT);
    }

    public DynamoDbStoreSettings withPageEntriesMax(int pageEntriesMax) {
        return new DynamoDbStoreSettings(tableName, shards, writeConcurrency, batchAttemptsMax,
                retryDelayMillisBase, retryDelayMillisMax, queryPagesMax, pageEntriesMax);
    }

    public DynamoDbStoreSettings withShards(int shards) {
        return new DynamoDbStoreSettings(tableName, shards, writeConcurrency, batchAttemptsMax,
                retryDelayMillisBase, retryDelayMillisMax, queryPagesMax, pageEntriesMax);
    }

    public DynamoDbStoreSettings withWriteConcurrency(int writeConcurrency) {
        return new DynamoDbStoreSettings(tableName, shards, writeConcurrency, batchAttemptsMax,
                retryDelayMillisBase, retryDelayMillisMax, queryPagesMax, pageEntriesMax);
    }

    public DynamoDbStoreSettings withBatchAttemptsMax(int batchAttemptsMax) {
        return new DynamoDbStoreSettings(tableName, shards, writeConcurrency, batchAttemptsMax,
                retryDelayMillisBase, retryDelayMillisMax, queryPagesMax, pageEntriesMax);
    }

    private static void requireBetween(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
