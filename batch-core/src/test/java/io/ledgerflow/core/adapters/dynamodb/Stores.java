package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.store.RunRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Builds stores for tests: 8 shards, pages of at most 4 entries (so that a test day of a few hundred
 * entries makes many pages per shard and many batches), seeded jitter, and a sleeper that records
 * instead of waiting.
 */
final class Stores {

    static final int SHARDS = 8;
    static final int PAGE_ENTRIES = 4;

    private Stores() {}

    static DynamoDbStoreSettings settings(String table) {
        return DynamoDbStoreSettings.defaults(table).withShards(SHARDS).withPageEntriesMax(PAGE_ENTRIES);
    }

    static DynamoDbJournalStore store(DynamoDbClient client, String table) {
        return store(client, settings(table), new CopyOnWriteArrayList<>());
    }

    static DynamoDbJournalStore store(DynamoDbClient client, DynamoDbStoreSettings settings, List<Long> sleeps) {
        return new DynamoDbJournalStore(client, settings, new TickingClock(), new SplittableRandom(42), sleeps::add);
    }

    static RunRequest daily(String runId, LocalDate date) {
        return new RunRequest(runId, date, LocalDate.parse("2026-04-01"), "scheduler", "");
    }

    static RunRequest rerun(String runId, LocalDate date) {
        return new RunRequest(runId, date, LocalDate.parse("2026-04-01"), "hanako.sato", "corrected site file");
    }

    /**
     * How many journal entries of a run the table holds, by a full scan that decodes every page
     * (tests only): an entry written twice counts twice.
     */
    static long countEntries(DynamoDbClient client, String table, String runId) {
        long count = 0;
        for (var item : scan(client, table, EntryPages.TYPE_PAGE, runId)) {
            count += EntryPages.entriesOf(item).size();
        }
        return count + scan(client, table, EntryItems.TYPE_ENTRY, runId).size();
    }

    /** The items of a type ("ENTRY_PAGE", "SUMMARY") of a run, by a full scan (tests only). */
    static List<Map<String, AttributeValue>> scan(DynamoDbClient client, String table, String type, String runId) {
        List<Map<String, AttributeValue>> items = new java.util.ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var response = client.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .filterExpression("#t = :t AND runId = :r")
                    .expressionAttributeNames(Map.of("#t", "type"))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(type), ":r", AttributeValue.fromS(runId)))
                    .exclusiveStartKey(start).build());
            items.addAll(response.items());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** How many page items of a run the table holds, by a full scan (tests only). */
    static long countPages(DynamoDbClient client, String table, String runId) {
        return countItems(client, table, EntryPages.TYPE_PAGE, runId);
    }

    /** How many items of a type ("ENTRY_PAGE", "SUMMARY") a run has in the table, by a full scan (tests only). */
    static long countItems(DynamoDbClient client, String table, String type, String runId) {
        return scan(client, table, type, runId).size();
    }
}
