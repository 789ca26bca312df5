package io.ledgerflow.cli.cost;

import java.math.BigDecimal;

/**
 * What one day of the workflows costs in work, per unit, from this repository's measurements
 * (BENCHMARKS.md) and its code. Figures marked "estimate" are not measured.
 *
 * @param source                   where the durations were measured, for the printout
 * @param entriesPerRecord         journal entries (one per invoice) per billing record: 141,263 / 500,000
 * @param entryWriteUnitsPer1000Records DynamoDB write units of putting the entries of 1,000 records once: the
 *                                 store packs a worker call's entries of a shard into one gzipped page item
 *                                 (batch-core/README-store.md), measured by {@code ci/bench-daily}
 *                                 (EntryWriteUnits); also the stored KB per 1,000 records, to within a KB a page
 * @param summaryItemsPerDay       summary items written by Finalize (account x department x tax x currency)
 * @param prepareMillisPer1000     Prepare's time per 1,000 records
 * @param workerMillisPer1000      worker time per 1,000 records: the map phase x its concurrency / thousands of
 *                                 records (every worker busy all along: an upper bound)
 * @param finalizeMillisPer1000    Finalize's time per 1,000 records
 * @param invocationOverheadMillis added to every invocation: SnapStart restore and the SDK's first calls (estimate)
 * @param closeLambdaGbSeconds     the monthly close's functions, per month, GB-seconds (estimate)
 * @param serverRecordsPerHour     what the always-on server journalizes per hour: {@code daily} end to end on 2 vCPUs
 */
public record Measurements(String source, BigDecimal entriesPerRecord, BigDecimal entryWriteUnitsPer1000Records,
        int summaryItemsPerDay,
        BigDecimal prepareMillisPer1000, BigDecimal workerMillisPer1000, BigDecimal finalizeMillisPer1000,
        BigDecimal invocationOverheadMillis, BigDecimal closeLambdaGbSeconds, long serverRecordsPerHour) {

    /**
     * Write units of a day's entries per 1,000 records, as the store writes them (pages):
     * {@code ci/bench-daily 500000} (StoredWriteUnits), quiet, 2026-11-30, 10,000-line partitions
     * (the {@code daily} default): 141,263 entries of 500,000 records in 813 page items, 8.8 MB,
     * 8,995 units = 18.0 per 1,000 records; the same entries one item each: 331.9. A page is a
     * partition's entries of one shard (about 11 KB here), so the figure is bytes per record plus
     * under half a unit a page; with 2,000-line partitions it was 24.6 (816 pages of 100,000 records).
     */
    static final BigDecimal PAGED_ENTRY_WRITE_UNITS_PER_1000 = new BigDecimal("18.0");

    /**
     * {@code ci/bench-daily-limits}: {@code daily} of 200,000 records on the embedded default under
     * DynamoDB's limits (LEDGERFLOW_DYNAMODB_LIMITS=aws), 4 workers, quiet, 2026-11-30 (BENCHMARKS.md):
     * Prepare 3.6 s, the map 5.3 s, Finalize 1.1 s, 14.8 s in all (13.8 s in the second run); 3,640
     * write units, none throttled. The best local estimate of the day on AWS: DynamoDB's limits
     * applied, the engine's own speed included.
     */
    public static final Measurements UNDER_DYNAMODB_LIMITS = new Measurements(
            "daily of 200,000 records under the DynamoDB limits (ci/bench-daily-limits)",
            new BigDecimal("0.282526"), PAGED_ENTRY_WRITE_UNITS_PER_1000, 500,
            new BigDecimal("18.0"), new BigDecimal("106.0"), new BigDecimal("5.5"),
            new BigDecimal("200"), new BigDecimal("90"), 13_486L * 3_600L);

    /**
     * {@code ci/bench-daily}: {@code daily} of 500,000 records on DynamoDB Local without limits, 2
     * workers, quiet, 2026-11-30 (BENCHMARKS.md): Prepare 7.1 s, the map 8.7 s, Finalize 1.1 s,
     * 21.5 s in all.
     */
    public static final Measurements WITHOUT_DYNAMODB_LIMITS = new Measurements(
            "daily of 500,000 records on DynamoDB Local without limits (ci/bench-daily)",
            new BigDecimal("0.282526"), PAGED_ENTRY_WRITE_UNITS_PER_1000, 500,
            new BigDecimal("14.2"), new BigDecimal("34.8"), new BigDecimal("2.2"),
            new BigDecimal("200"), new BigDecimal("90"), 23_267L * 3_600L);

    /** What {@code ledgerflow cost} uses unless told otherwise: the run under DynamoDB's limits. */
    public static final Measurements BENCHMARKS = UNDER_DYNAMODB_LIMITS;
}
