package io.ledgerflow.core.partition;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.billing.BillingRow;
import io.ledgerflow.core.billing.Column;
import io.ledgerflow.core.billing.LineChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a day's billing file into invoice-complete partitions of bounded size, in the order the
 * invoices first appear. What no single partition can know is settled here, once, in file order:
 * whether a line's billing_id appeared on an earlier row (DESIGN's DUPLICATE_BILLING_ID).
 * Reading the whole file first means a bad file fails before anything is written.
 */
public final class DayPartitioner {

    /** Upper bound on the partition size a caller may ask for. */
    public static final int PARTITION_LINES_MAX = 100_000;

    private DayPartitioner() {}

    public static List<Partition> split(BillingCsvReader reader, int partitionLines) {
        if (partitionLines < 1 || partitionLines > PARTITION_LINES_MAX) {
            throw new IllegalArgumentException("partition size must be 1.." + PARTITION_LINES_MAX + " lines");
        }
        List<String> header = reader.headerNames();
        int fieldCount = header.size();
        int billingIdAt = header.indexOf(Column.BILLING_ID.header());
        int invoiceIdAt = header.indexOf(Column.INVOICE_ID.header());
        Map<String, List<PartitionRow>> groups = new LinkedHashMap<>();
        Set<String> billingIds = new HashSet<>();
        reader.forEach(row -> {
            boolean wellFormed = row.fieldCount() == fieldCount;
            boolean duplicate = false;
            String group = "#" + row.lineNumber(); // a line with no valid invoice id stands alone
            if (wellFormed) {
                String billingId = row.fields()[billingIdAt];
                duplicate = !billingId.isEmpty() && !billingIds.add(billingId);
                String invoiceId = row.fields()[invoiceIdAt];
                if (LineChecks.isId(invoiceId, LineChecks.INVOICE_ID_CHARS_MAX)) {
                    group = invoiceId;
                }
            }
            groups.computeIfAbsent(group, k -> new ArrayList<>(4)).add(rowOf(row, duplicate));
        });
        return pack(header, groups.values(), partitionLines);
    }

    private static PartitionRow rowOf(BillingRow row, boolean duplicate) {
        return new PartitionRow(row.lineNumber(), duplicate, row.fields());
    }

    /** Fills partitions up to the size in invoice order; an invoice larger than that gets its own. */
    private static List<Partition> pack(List<String> header, Iterable<List<PartitionRow>> groups, int partitionLines) {
        List<Partition> partitions = new ArrayList<>();
        List<PartitionRow> current = new ArrayList<>();
        for (List<PartitionRow> group : groups) {
            if (!current.isEmpty() && current.size() + group.size() > partitionLines) {
                partitions.add(new Partition(partitions.size(), header, current));
                current = new ArrayList<>();
            }
            current.addAll(group);
        }
        if (!current.isEmpty()) {
            partitions.add(new Partition(partitions.size(), header, current));
        }
        return partitions;
    }
}
