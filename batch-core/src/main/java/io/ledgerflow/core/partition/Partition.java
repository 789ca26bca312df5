package io.ledgerflow.core.partition;

import java.util.List;

/**
 * A slice of a day's billing file that a worker journalizes on its own: every line of each of its
 * invoices (tax is per invoice), lines with no valid invoice id, and the file's header.
 */
public record Partition(int index, List<String> header, List<PartitionRow> rows) {
    public Partition {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** The object key suffix of this partition, e.g. {@code part-00007.json}. */
    public String name() {
        return String.format("part-%05d.json", index);
    }
}
