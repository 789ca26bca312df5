package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalLine;
import io.ledgerflow.core.journal.LineKind;
import io.ledgerflow.core.journal.Side;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.RunRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Not a test: prints figures. Against one in-process DynamoDB Local (in memory), writes N journal
 * entries through {@link DynamoDbJournalStore#writeEntries} and the same number of items through
 * a bare {@code BatchWriteItem} loop with the same concurrency, then prints items/s of both, their
 * ratio, and how the adapter's items spread over the shards. Run by {@code ci/bench-store}.
 *
 * <p>The bare loop gets its items pre-built (its timing is HTTP and engine only), so the ratio
 * also charges the adapter for mapping entries to items. The two paths alternate A B B A, half
 * the entries a leg, so load drift on this shared machine falls on both alike. Arguments: entries (200000), concurrency
 * (8), shards (16), entries per writeEntries call (5000, a worker's share).
 */
public final class StoreBenchmark {

    private static final LocalDate DATE = LocalDate.parse("2026-11-20");
    private static final CurrencyUnit JPY = new CurrencyUnit("JPY", 0);
    private static final int WARMUP_ENTRIES = 10_000;

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int chunk = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        System.out.printf("machine: %d cores, %s %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("settings: entries=%d concurrency=%d shards=%d entriesPerCall=%d%n", entries, concurrency, shards, chunk);
        List<JournalEntry> journal = entries(entries);
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.startInMemory();
                DynamoDbClient client = engine.newClient(concurrency * 2)) {
            DynamoDbStoreSettings settings = DynamoDbStoreSettings.defaults("warmup")
                    .withShards(shards).withWriteConcurrency(concurrency);
            // warm both paths (JIT, connections, the engine's caches) before timing
            viaAdapter(begin(client, table(client, "warmup-adapter", settings)), journal.subList(0, WARMUP_ENTRIES), chunk);
            viaBareLoop(client, "warmup-bare", items(journal.subList(0, WARMUP_ENTRIES), shards), concurrency);

            // A B B A: each path writes half its entries early and half late, so drift in the
            // machine's load (it is shared) and in the engine's table sizes falls on both alike.
            List<WriteRequest> bareItems = items(journal, shards);
            int half = entries / 2;
            DynamoDbStoreSettings adapterSettings = table(client, "bench-adapter", settings);
            DynamoDbJournalStore store = begin(client, adapterSettings);
            double bare1 = viaBareLoop(client, "bench-bare", bareItems.subList(0, half), concurrency);
            double adapter1 = viaAdapter(store, journal.subList(0, half), chunk);
            double adapter2 = viaAdapter(store, journal.subList(half, entries), chunk);
            double bare2 = viaBareLoop(client, "bench-bare", bareItems.subList(half, entries), concurrency);
            double bare = bare1 + bare2;
            double adapter = adapter1 + adapter2;
            System.out.printf("legs (s): bare %.1f, adapter %.1f, adapter %.1f, bare %.1f%n", bare1, adapter1, adapter2, bare2);
            System.out.printf("bare BatchWriteItem loop, one item per entry: %,d entries in %.1f s = %,.0f entries/s%n",
                    entries, bare, entries / bare);
            System.out.printf("adapter writeEntries, pages:                 %,d entries in %.1f s = %,.0f entries/s%n",
                    entries, adapter, entries / adapter);
            System.out.printf("adapter / bare = %.2f (entries/s; target >= 0.90)%n", bare / adapter);
            EntryWriteUnits units = EntryWriteUnits.of(client, adapterSettings, DATE, "bench", shards);
            System.out.printf("adapter's items: %,d pages for %,d entries, %,.1f MB, %,d write units;"
                    + " one item per entry: %,d write units (%.1f %% fewer)%n", units.items(), units.entries(),
                    units.bytes() / 1e6, units.writeUnits(), units.oneItemPerEntryWriteUnits(),
                    100.0 * (1 - (double) units.writeUnits() / units.oneItemPerEntryWriteUnits()));
            shardSpread(client, adapterSettings, shards);
        }
    }

    private static DynamoDbStoreSettings table(DynamoDbClient client, String name, DynamoDbStoreSettings settings) {
        JournalTable.createIfAbsent(client, name);
        return new DynamoDbStoreSettings(name, settings.shards(), settings.writeConcurrency(), settings.batchAttemptsMax(),
                settings.retryDelayMillisBase(), settings.retryDelayMillisMax(), settings.queryPagesMax());
    }

    private static DynamoDbJournalStore begin(DynamoDbClient client, DynamoDbStoreSettings settings) {
        DynamoDbJournalStore store = new DynamoDbJournalStore(client, settings, Clock.systemUTC());
        store.beginRun(new RunRequest("bench", DATE, LocalDate.parse("2026-04-01"), "bench", ""));
        return store;
    }

    /** Seconds to write through the store, {@code chunk} entries a call, as workers do. */
    private static double viaAdapter(DynamoDbJournalStore store, List<JournalEntry> journal, int chunk) {
        long start = System.nanoTime();
        for (int from = 0; from < journal.size(); from += chunk) {
            store.writeEntries(DATE, "bench", journal.subList(from, Math.min(journal.size(), from + chunk)));
        }
        return seconds(start);
    }

    /** Seconds of the plainest correct loop: 25 items a request, unprocessed resent at once. */
    private static double viaBareLoop(DynamoDbClient client, String table, List<WriteRequest> items, int concurrency)
            throws InterruptedException {
        JournalTable.createIfAbsent(client, table);
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int from = next.getAndAdd(25); from < items.size(); from = next.getAndAdd(25)) {
                    List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25));
                    while (!batch.isEmpty()) {
                        var request = Map.of(table, batch);
                        batch = client.batchWriteItem(r -> r.requestItems(request)).unprocessedItems().getOrDefault(table, List.of());
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return seconds(start);
    }

    private static void shardSpread(DynamoDbClient client, DynamoDbStoreSettings settings, int shards) {
        TableReader reader = new TableReader(client, settings);
        long min = Long.MAX_VALUE;
        long max = 0;
        long total = 0;
        for (int shard = 0; shard < shards; shard++) {
            long count = 0;
            for (var item : reader.query(Keys.entryPk(DATE, shard), Keys.runPrefix("bench"), "pk, sk, #type, " + EntryPages.COUNT)) {
                count += EntryPages.countOf(item);
            }
            min = Math.min(min, count);
            max = Math.max(max, count);
            total += count;
        }
        System.out.printf("shard spread: %d shards, %,d entries, min %,d, max %,d, max/min = %.3f (target <= 1.2)%n",
                shards, total, min, max, (double) max / min);
    }

    private static List<WriteRequest> items(List<JournalEntry> journal, int shards) {
        List<WriteRequest> items = new ArrayList<>(journal.size());
        for (JournalEntry entry : journal) {
            Map<String, AttributeValue> item = EntryItems.toItem(entry, "bench", Keys.shardOf(entry.invoiceId(), shards));
            items.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        return items;
    }

    /** Balanced entries like a small invoice: receivable, 1-4 revenue lines, one tax line. */
    static List<JournalEntry> entries(int count) {
        SplittableRandom random = new SplittableRandom(20261120);
        List<JournalEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String invoice = String.format("20261120-%07d", i);
            int revenueLines = 1 + random.nextInt(4);
            List<JournalLine> lines = new ArrayList<>();
            long net = 0;
            for (int r = 0; r < revenueLines; r++) {
                long amount = 100 + random.nextInt(500_000);
                net += amount;
                lines.add(new JournalLine(r + 2, LineKind.REVENUE, "4110", "S10", Side.CREDIT,
                        Money.of(JPY, BigDecimal.valueOf(amount)), "B" + invoice + "-" + r));
            }
            long tax = net / 10;
            lines.add(new JournalLine(revenueLines + 2, LineKind.TAX, "2191", "S10", Side.CREDIT,
                    Money.of(JPY, BigDecimal.valueOf(tax)), null));
            lines.add(0, new JournalLine(1, LineKind.RECEIVABLE, "1130", null, Side.DEBIT,
                    Money.of(JPY, BigDecimal.valueOf(net + tax)), null));
            entries.add(new JournalEntry(JournalEntry.entryIdOf(DATE, invoice), DATE, invoice,
                    "TYO-0" + random.nextInt(4), JPY, LocalDate.parse("2026-04-01"), lines));
        }
        return entries;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
