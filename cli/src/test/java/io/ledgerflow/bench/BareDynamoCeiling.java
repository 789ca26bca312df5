package io.ledgerflow.bench;

import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Not a test: the bare write ceiling of the embedded DynamoDB Local, the yardstick of the store
 * and daily benchmarks. Writes N items shaped like journal entries (keys over 16 shards, about
 * six lines each) with plain BatchWriteItem calls of 25 from C threads, resending unprocessed
 * items, and prints items/s. Usage: {@code BareDynamoCeiling ITEMS CONCURRENCY (memory|DIR)}.
 */
public final class BareDynamoCeiling {

    public static void main(String[] args) throws Exception {
        int items = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        try (EmbeddedDynamoDb engine = args[2].equals("memory") ? EmbeddedDynamoDb.startInMemory()
                : EmbeddedDynamoDb.startPersistent(Files.createDirectories(Path.of(args[2])));
                DynamoDbClient client = engine.newClient(concurrency * 2)) {
            JournalTable.createIfAbsent(client, "bench-bare");
            double seconds = write(client, "bench-bare", items, concurrency);
            System.out.printf("bare BatchWriteItem ceiling (%s): %,d items, concurrency %d: %.1f s = %,.0f items/s%n",
                    args[2].equals("memory") ? "in memory" : "persistent", items, concurrency, seconds, items / seconds);
        }
    }

    /** Writes {@code items} entry-shaped items; returns the seconds it took. */
    public static double write(DynamoDbClient client, String table, int items, int concurrency) throws Exception {
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int from = 0; from < items; from += 25) {
            List<WriteRequest> batch = new ArrayList<>(25);
            for (int i = from; i < Math.min(items, from + 25); i++) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i)).build()).build());
            }
            batches.add(batch);
        }
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    for (int b = next.getAndIncrement(); b < batches.size(); b = next.getAndIncrement()) {
                        Map<String, List<WriteRequest>> request = Map.of(table, batches.get(b));
                        for (int attempt = 0; attempt < 20 && !request.isEmpty(); attempt++) {
                            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
                            if (response.unprocessedItems().isEmpty()) {
                                break;
                            }
                            throw new IllegalStateException("unprocessed items from DynamoDB Local");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<String, AttributeValue> item(int i) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("JE#2026-11-20#" + String.format("%03d", i % 16)));
        item.put("sk", AttributeValue.fromS("bare-run#INV-TYO01-20261120-" + String.format("%06d", i)));
        item.put("type", AttributeValue.fromS("entry"));
        List<AttributeValue> lines = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            lines.add(AttributeValue.fromM(Map.of("no", AttributeValue.fromN(Integer.toString(n)),
                    "account", AttributeValue.fromS("41" + n + "0"), "side", AttributeValue.fromS(n == 1 ? "D" : "C"),
                    "amount", AttributeValue.fromS(Integer.toString(1000 * n)),
                    "billingId", AttributeValue.fromS("B20261120-" + String.format("%08d", i * 6 + n)))));
        }
        if (Boolean.getBoolean("bench.compact")) {
            StringBuilder text = new StringBuilder();
            for (int n = 1; n <= 6; n++) {
                text.append(n).append(",41").append(n).append("0,").append(n == 1 ? "D" : "C").append(',')
                        .append(1000 * n).append(",B20261120-").append(String.format("%08d", i * 6 + n)).append('\n');
            }
            item.put("lines", AttributeValue.fromS(text.toString()));
        } else {
            item.put("lines", AttributeValue.fromL(lines));
        }
        return item;
    }
}
