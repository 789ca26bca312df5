package io.ledgerflow.cli.cost;

/**
 * The volume and the workflow's settings that the cost depends on.
 *
 * @param recordsPerDay      billing records in a day's file
 * @param daysPerMonth       daily runs a month
 * @param partitionLines     lines per partition, at most (Prepare's partitionLines)
 * @param partitionsPerBatch partitions per worker invocation (the ItemBatcher's MaxItemsPerBatch)
 * @param expressChildren    price the Distributed Map's children as Express instead of Standard
 */
public record Workload(long recordsPerDay, int daysPerMonth, int partitionLines, int partitionsPerBatch,
        boolean expressChildren) {

    public Workload {
        if (recordsPerDay < 1 || recordsPerDay > 100_000_000L) {
            throw new IllegalArgumentException("records per day must be 1..100,000,000, not " + recordsPerDay);
        }
        if (daysPerMonth < 1 || daysPerMonth > 31) {
            throw new IllegalArgumentException("days per month must be 1..31, not " + daysPerMonth);
        }
        if (partitionLines < 1 || partitionLines > 100_000 || partitionsPerBatch < 1 || partitionsPerBatch > 100) {
            throw new IllegalArgumentException("partition lines must be 1..100,000 and partitions per batch 1..100");
        }
    }

    /** Partitions a day: whole invoices per partition make the real count a little higher (251 for 250). */
    public long partitions() {
        return ceilDiv(recordsPerDay, partitionLines);
    }

    /** Worker invocations (Distributed Map child executions) a day. */
    public long batches() {
        return ceilDiv(partitions(), partitionsPerBatch);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
