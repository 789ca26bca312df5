package io.ledgerflow.bench;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbClients;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.dynamodb.EntryWriteUnits;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedJournalStore;
import io.ledgerflow.core.store.RunRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Not a test: the DynamoDB write units of a day's stored entries, read back from a home after
 * {@code ledgerflow daily}: as stored (pages) and as one item per entry would be, per 1,000
 * records. Usage: {@code StoredWriteUnits HOME DATE RECORDS}. Run by {@code ci/bench-daily}.
 */
public final class StoredWriteUnits {

    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        LocalDate date = LocalDate.parse(args[1]);
        long records = Long.parseLong(args[2]);
        DynamoDbStoreSettings settings = DynamoDbStoreSettings.defaults(JournalTable.DEFAULT_NAME);
        try (EmbeddedJournalStore embedded = EmbeddedJournalStore.open(home, settings, Clock.systemUTC());
                DynamoDbClient client = DynamoDbClients.local(embedded.endpoint(), 4)) {
            RunRecord run = embedded.store().currentRun(date).orElseThrow(() -> new IllegalStateException("no run of " + date));
            EntryWriteUnits units = EntryWriteUnits.of(client, settings, date, run.runId(), run.shards());
            double thousands = records / 1000.0;
            System.out.printf("stored entries: %,d entries in %,d items, %,.1f MB, %,d write units"
                    + " = %,.1f write units per 1,000 records%n", units.entries(), units.items(), units.bytes() / 1e6,
                    units.writeUnits(), units.writeUnits() / thousands);
            System.out.printf("one item per entry: %,d write units = %,.1f per 1,000 records; pages use %.1f %% fewer (target >= 30 %%)%n",
                    units.oneItemPerEntryWriteUnits(), units.oneItemPerEntryWriteUnits() / thousands,
                    100.0 * (1 - (double) units.writeUnits() / units.oneItemPerEntryWriteUnits()));
        }
    }
}
