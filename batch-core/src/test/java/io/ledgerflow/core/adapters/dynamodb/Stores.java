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

/** Builds stores for tests: 8 shards, seeded jitter, and a sleeper that records instead of waiting. */
final class Stores {

    static final int SHARDS = 8;

    private Stores() {}

    static DynamoDbStoreSettings settings(String table) {
        return DynamoDbStoreSettings.defaults(table).withShards(SHARDS);
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

    /** How many items of a type ("ENTRY", "SUMMARY") a run has in the table, by a full scan (tests only). */
    static long countItems(DynamoDbClient client, String table, String type, String runId) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            var response = client.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .filterExpression("#t = :t AND runId = :r")
                    .expressionAttributeNames(Map.of("#t", "type"))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(type), ":r", AttributeValue.fromS(runId)))
                    .exclusiveStartKey(start).build());
            count += response.count();
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }
}
