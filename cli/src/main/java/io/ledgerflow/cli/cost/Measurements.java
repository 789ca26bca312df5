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
     * {@code ci/bench-daily 100000} (StoredWriteUnits), 2026-11-30: 28,296 entries of 100,000
     * records in 816 page items, 2.1 MB, 2,461 units = 24.6 per 1,000 records; the same entries one
     * item each: 33,258 units = 332.6 (some entry items pass 1 KB). Pages are a worker call's
     * entries of one shard, so the figure holds for the default 2,000-line partitions at any volume.
     */
    static final BigDecimal PAGED_ENTRY_WRITE_UNITS_PER_1000 = new BigDecimal("24.6");

    /**
     * {@code ci/bench-daily-limits}: {@code daily} of 200,000 records on the embedded default under
     * DynamoDB's limits (LEDGERFLOW_DYNAMODB_LIMITS=aws), 4 workers, 2026-11-30: Prepare 12.5 s, the map 627.9 s, Finalize 26.6 s, 689.6 s in all, on 2 vCPUs shared with other builds (load 15). The best
     * local estimate of the day on AWS: DynamoDB's limits applied, the engine's own speed included.
     */
    public static final Measurements UNDER_DYNAMODB_LIMITS = new Measurements(
            "daily of 200,000 records under the DynamoDB limits (ci/bench-daily-limits)",
            new BigDecimal("0.282526"), PAGED_ENTRY_WRITE_UNITS_PER_1000, 500,
            new BigDecimal("62.5"), new BigDecimal("12558.0"), new BigDecimal("133.0"),
            new BigDecimal("200"), new BigDecimal("90"), 290L * 3_600L);

    /**
     * {@code ci/bench-daily}: {@code daily} of 500,000 records on DynamoDB Local without limits, 2
     * workers, 2026-11-22: Prepare 3.5 s, the map 186.8 s, Finalize 26.3 s, 221.8 s in all.
     */
    public static final Measurements WITHOUT_DYNAMODB_LIMITS = new Measurements(
            "daily of 500,000 records on DynamoDB Local without limits (ci/bench-daily)",
            new BigDecimal("0.282526"), PAGED_ENTRY_WRITE_UNITS_PER_1000, 500,
            new BigDecimal("7.0"), new BigDecimal("747.2"), new BigDecimal("52.6"),
            new BigDecimal("200"), new BigDecimal("90"), 2_254L * 3_600L);

    /** What {@code ledgerflow cost} uses unless told otherwise: the run under DynamoDB's limits. */
    public static final Measurements BENCHMARKS = UNDER_DYNAMODB_LIMITS;
}
