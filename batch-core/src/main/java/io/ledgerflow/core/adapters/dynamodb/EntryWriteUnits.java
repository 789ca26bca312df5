package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.journal.JournalEntry;
import java.time.LocalDate;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a run's stored entries cost to write, read back from the table: the items as stored
 * (pages) and the same entries as one item each (the layout before pages), in DynamoDB write
 * units. {@code ci/bench-daily} prints it; {@code ledgerflow cost} takes its figure per 1,000
 * records.
 *
 * @param entries journal entries the run's items hold
 * @param items items the run's entries are stored in
 * @param bytes those items' size, as DynamoDB counts it
 * @param writeUnits write units of putting those items once
 * @param oneItemPerEntryWriteUnits write units of putting the same entries one item each
 */
public record EntryWriteUnits(long entries, long items, long bytes, long writeUnits, long oneItemPerEntryWriteUnits) {

    /** Reads every item of the run (all shards) and sizes it. */
    public static EntryWriteUnits of(DynamoDbClient client, DynamoDbStoreSettings settings, LocalDate date, String runId,
            int shards) {
        TableReader reader = new TableReader(client, settings);
        long entries = 0, items = 0, bytes = 0, units = 0, oneEach = 0;
        for (int shard = 0; shard < shards; shard++) {
            for (Map<String, AttributeValue> item : reader.query(Keys.entryPk(date, shard), Keys.runPrefix(runId), null)) {
                items++;
                bytes += ItemBytes.of(item);
                units += ItemBytes.writeUnits(item);
                for (JournalEntry entry : EntryPages.entriesOf(item)) {
                    entries++;
                    oneEach += ItemBytes.writeUnits(EntryItems.toItem(entry, runId, shard));
                }
            }
        }
        return new EntryWriteUnits(entries, items, bytes, units, oneEach);
    }
}
