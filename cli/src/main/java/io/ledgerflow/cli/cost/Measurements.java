package io.ledgerflow.cli.cost;

import java.math.BigDecimal;

/**
 * What one day of the workflows costs in work, per unit, from this repository's measurements
 * (BENCHMARKS.md, 2026-11-22, 500,000 records) and its code. Figures marked "estimate" are not
 * measured: the monthly close is not built yet.
 *
 * @param entriesPerRecord         journal entries (one per invoice) per billing record: 141,263 / 500,000
 * @param entryItemKb              size of an entry item, KB rounded up to the write unit (about 1 KB)
 * @param summaryItemsPerDay       summary items written by Finalize (account x department x tax x currency)
 * @param prepareMillisPer1000     Prepare's time per 1,000 records: 3.5 s / 500
 * @param workerMillisPer1000      worker time per 1,000 records: the map phase 186.8 s x 2 workers / 500,
 *                                 bound by DynamoDB Local's write rate, so an upper bound for AWS
 * @param finalizeMillisPer1000    Finalize's time per 1,000 records: 26.3 s / 500
 * @param invocationOverheadMillis added to every invocation: SnapStart restore and the SDK's first calls (estimate)
 * @param closeLambdaGbSeconds     the monthly close's functions, per month, GB-seconds (estimate)
 * @param serverRecordsPerHour     what the always-on server journalizes per hour: 2,254 records/s measured end to end on 2 vCPUs
 */
public record Measurements(BigDecimal entriesPerRecord, int entryItemKb, int summaryItemsPerDay,
        BigDecimal prepareMillisPer1000, BigDecimal workerMillisPer1000, BigDecimal finalizeMillisPer1000,
        BigDecimal invocationOverheadMillis, BigDecimal closeLambdaGbSeconds, long serverRecordsPerHour) {

    public static final Measurements BENCHMARKS = new Measurements(
            new BigDecimal("0.282526"), 1, 500,
            new BigDecimal("7.0"), new BigDecimal("747.2"), new BigDecimal("52.6"),
            new BigDecimal("200"), new BigDecimal("90"), 2_254L * 3_600L);
}
