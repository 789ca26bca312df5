package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.RunRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Not a test: prints figures. What the check before each batch write ("is the run still
 * STARTED?") costs, against one in-process DynamoDB Local: the same entries written by the store's
 * BatchWriter without a check; with one consistent GetItem of the run's status before every
 * 25-item BatchWriteItem; with that read shared by the lanes for 100 ms ({@link RunStartedCheck},
 * what {@code writeEntries} does); and, for comparison, by TransactWriteItems of 99 puts plus a
 * ConditionCheck on the run item (the alternative that closes the window entirely). Legs run
 * A B C D D C B A so the shared machine's load drift falls on all alike. Arguments: entries
 * (40000), concurrency (8), entries per call (5000, a worker's share).
 */
public final class RunCheckBenchmark {

    private static final LocalDate DATE = LocalDate.parse("2026-11-20");
    private static final int TRANSACTION_ITEMS_MAX = 100;

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        System.out.printf("machine: %d cores, %s %s; entries=%d concurrency=%d entriesPerCall=%d%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), entries, concurrency, chunk);
        List<JournalEntry> journal = StoreBenchmark.entries(entries);
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.startInMemory();
                DynamoDbClient client = engine.newClient(concurrency * 2)) {
            Leg unchecked = new Leg("BatchWriteItem, no check");
            Leg checked = new Leg("GetItem before every batch");
            Leg shared = new Leg("GetItem shared by lanes for 100 ms");
            Leg transact = new Leg("TransactWriteItems + ConditionCheck");
            run(client, "warmup", journal.subList(0, Math.min(5_000, entries)), concurrency, chunk, List.of(new Leg("")));
            int half = entries / 2;
            run(client, "first", journal.subList(0, half), concurrency, chunk, List.of(unchecked, checked, shared, transact));
            run(client, "second", journal.subList(half, entries), concurrency, chunk, List.of(transact, shared, checked, unchecked));
            for (Leg leg : List.of(unchecked, checked, shared, transact)) {
                System.out.printf("%-38s %,d items in %.2f s = %,8.0f items/s (%.2f x unchecked time)%n", leg.name + ":",
                        leg.items, leg.seconds, leg.items / leg.seconds, leg.seconds / unchecked.seconds);
            }
            int batches = (entries + BatchWriter.BATCH_ITEMS_MAX - 1) / BatchWriter.BATCH_ITEMS_MAX;
            long calls = 2L * ((entries / 2 + chunk - 1) / chunk);
            long sharedReadsMax = calls + (long) (shared.seconds * 1000 / RunStartedCheck.REUSE_MILLIS_MAX);
            System.out.printf("requests: %,d BatchWriteItem, + %,d GetItem (1 read unit each) when checked before every"
                    + " batch, + at most %,d when shared; or %,d TransactWriteItems (2 write units per item)%n",
                    batches, batches, sharedReadsMax, (entries + 98) / 99);
        }
    }

    private static final class Leg {
        final String name;
        long items;
        double seconds;

        Leg(String name) {
            this.name = name;
        }
    }

    /** Writes {@code journal} by each path in the order given. */
    private static void run(DynamoDbClient client, String tag, List<JournalEntry> journal, int concurrency, int chunk,
                            List<Leg> legs) throws InterruptedException {
        for (Leg leg : legs) {
            String table = "bench-" + tag + "-" + (leg.name.hashCode() & 0xffff);
            JournalTable.createIfAbsent(client, table);
            DynamoDbStoreSettings settings = DynamoDbStoreSettings.defaults(table).withWriteConcurrency(concurrency);
            DynamoDbJournalStore store = new DynamoDbJournalStore(client, settings, Clock.systemUTC());
            store.beginRun(new RunRequest("bench", DATE, LocalDate.parse("2026-04-01"), "bench", ""));
            String name = leg.name;
            BatchWriter writer = new BatchWriter(client, settings,
                    new Backoff(settings.retryDelayMillisBase(), settings.retryDelayMillisMax(), new SplittableRandom(1)),
                    Sleeper.THREAD);
            TableReader reader = new TableReader(client, settings);
            long start = System.nanoTime();
            if (name.startsWith("TransactWriteItems")) {
                transact(client, table, puts(journal, settings), concurrency);
            } else {
                // as writeEntries does, a worker's share a call (entries to items is charged to every leg alike)
                for (int from = 0; from < journal.size(); from += chunk) {
                    BatchWriter.Guard guard = name.startsWith("BatchWriteItem") ? BatchWriter.Guard.NONE
                            : new RunStartedCheck(reader, DATE, "bench", name.contains("shared") ? RunStartedCheck.REUSE_MILLIS_MAX : 0);
                    writer.write("bench", puts(journal.subList(from, Math.min(journal.size(), from + chunk)), settings), guard);
                }
            }
            leg.seconds += (System.nanoTime() - start) / 1e9;
            leg.items += journal.size();
        }
    }

    private static List<WriteRequest> puts(List<JournalEntry> journal, DynamoDbStoreSettings settings) {
        List<WriteRequest> puts = new ArrayList<>(journal.size());
        for (JournalEntry e : journal) {
            Map<String, AttributeValue> item = EntryItems.toItem(e, "bench", Keys.shardOf(e.invoiceId(), settings.shards()));
            puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        return puts;
    }

    /** 99 puts and a ConditionCheck (run STARTED) per transaction, {@code concurrency} at once. */
    private static void transact(DynamoDbClient client, String table, List<WriteRequest> puts, int concurrency)
            throws InterruptedException {
        int perTransaction = TRANSACTION_ITEMS_MAX - 1;
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int from = next.getAndAdd(perTransaction); from < puts.size(); from = next.getAndAdd(perTransaction)) {
                    List<TransactWriteItem> items = new ArrayList<>();
                    items.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                            .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.dayPk(DATE)),
                                    Keys.SK, AttributeValue.fromS(Keys.runSk("bench"))))
                            .conditionExpression("#s = :started").expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":started", AttributeValue.fromS("STARTED")))).build());
                    for (WriteRequest w : puts.subList(from, Math.min(puts.size(), from + perTransaction))) {
                        items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(w.putRequest().item())).build());
                    }
                    client.transactWriteItems(r -> r.transactItems(items));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
