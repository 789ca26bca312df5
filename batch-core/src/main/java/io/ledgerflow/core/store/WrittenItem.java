package io.ledgerflow.core.store;

import java.util.Objects;

/**
 * One stored item of a run's entries, as the store wrote it: where (its shard and key within the
 * run), how many entries it holds, and the SHA-256 of its stored content (hex). The store compares
 * these with what it holds before publishing ({@link JournalStore#publishRun}), so a worker's
 * report cannot be matched by a different set of items of the same count.
 */
public record WrittenItem(int shard, String key, long entries, String sha256) {

    public WrittenItem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        if (shard < 0 || entries < 0) {
            throw new IllegalArgumentException("shard and entries are never negative");
        }
    }
}
