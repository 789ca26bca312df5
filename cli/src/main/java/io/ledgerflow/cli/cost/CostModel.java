package io.ledgerflow.cli.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The monthly AWS cost of the daily journal and monthly close workflows: quantities from the
 * workload and the measurements, times list prices. Pure arithmetic on {@code BigDecimal}; the
 * formulas are the ones docs/cost.md states, line by line.
 */
public final class CostModel {

    /** One priced line: a monthly quantity of a unit, and its cost. */
    public record Line(String service, String item, BigDecimal quantity, String unit, BigDecimal cost) {}

    /** The lines, their total, the always-on comparison, and the fixed part. */
    public record Estimate(Workload workload, Measurements measurements, Prices prices, List<Line> lines, BigDecimal total,
            BigDecimal storageAddedGb, BigDecimal storageAddedCostPerMonth, long serverInstances, BigDecimal serverTotal) {}

    private static final BigDecimal THOUSAND = new BigDecimal("1000");
    private static final BigDecimal MB_PER_GB = new BigDecimal("1024");
    private static final BigDecimal KB_PER_GB = new BigDecimal("1048576");
    private static final int SCALE = 10;

    // Function memory, MB, as workflows/template.yaml sets it.
    static final int PREPARE_MB = 2048;
    static final int WORKER_MB = 1769;
    static final int FINALIZE_MB = 2048;
    /** Express bills the workflow's own memory in 64 MB steps; a child holds one small batch event. */
    static final int EXPRESS_CHILD_MB = 64;

    // Step Functions state transitions, per execution (the definitions' states on the success path).
    static final int DAILY_PARENT_TRANSITIONS = 3;   // Prepare, JournalizePartitions, Finalize
    static final int CHILD_TRANSITIONS = 2;          // the child's start and its Journalize task
    static final int CLOSE_FIXED_TRANSITIONS = 6;    // verify, lock, the days' map, export, advance x 2
    static final int CLOSE_TRANSITIONS_PER_DAY = 2;  // each day's iteration: its start and ReconcileDay

    private CostModel() {}

    public static Estimate estimate(Workload w, Measurements m, Prices p) {
        BigDecimal days = BigDecimal.valueOf(w.daysPerMonth());
        BigDecimal records = BigDecimal.valueOf(w.recordsPerDay());
        BigDecimal thousands = records.divide(THOUSAND, SCALE, RoundingMode.HALF_UP);
        BigDecimal batches = BigDecimal.valueOf(w.batches());
        BigDecimal partitions = BigDecimal.valueOf(w.partitions());
        List<Line> lines = new ArrayList<>();

        // Lambda: GB-seconds = memory (GB) x seconds; seconds = per-1,000 time x thousands + overhead per call.
        BigDecimal overhead = m.invocationOverheadMillis();
        BigDecimal prepareMs = m.prepareMillisPer1000().multiply(thousands).add(overhead);
        BigDecimal workerMs = m.workerMillisPer1000().multiply(thousands).add(overhead.multiply(batches));
        BigDecimal finalizeMs = m.finalizeMillisPer1000().multiply(thousands).add(overhead);
        BigDecimal dailyGbSeconds = gbSeconds(PREPARE_MB, prepareMs).add(gbSeconds(WORKER_MB, workerMs))
                .add(gbSeconds(FINALIZE_MB, finalizeMs));
        BigDecimal gbSeconds = dailyGbSeconds.multiply(days).add(m.closeLambdaGbSeconds());
        lines.add(line("Lambda", "duration (arm64)", gbSeconds, "GB-s", p.lambdaGbSecond()));
        BigDecimal closeRequests = BigDecimal.valueOf(5L + w.daysPerMonth());
        BigDecimal requests = batches.add(BigDecimal.valueOf(2)).multiply(days).add(closeRequests);
        lines.add(line("Lambda", "requests", requests, "requests", p.lambdaRequest()));

        // Step Functions: the parent's transitions, the children's (Standard or Express), the close's.
        BigDecimal parent = BigDecimal.valueOf(DAILY_PARENT_TRANSITIONS).multiply(days);
        BigDecimal close = BigDecimal.valueOf(CLOSE_FIXED_TRANSITIONS + (long) CLOSE_TRANSITIONS_PER_DAY * w.daysPerMonth());
        if (w.expressChildren()) {
            lines.add(line("Step Functions", "transitions, Standard", parent.add(close), "transitions",
                    p.sfnStandardTransition()));
            lines.add(line("Step Functions", "Express children", batches.multiply(days), "requests",
                    p.sfnExpressRequest()));
            BigDecimal childSeconds = workerMs.divide(THOUSAND, SCALE, RoundingMode.HALF_UP).multiply(days);
            lines.add(line("Step Functions", "Express duration", gb(EXPRESS_CHILD_MB).multiply(childSeconds), "GB-s",
                    p.sfnExpressGbSecond()));
        } else {
            BigDecimal children = BigDecimal.valueOf(CHILD_TRANSITIONS).multiply(batches).multiply(days);
            lines.add(line("Step Functions", "transitions, Standard",
                    parent.add(children).add(close), "transitions", p.sfnStandardTransition()));
        }

        // DynamoDB: the entries' page items, as measured per 1,000 records (a unit per started KB of
        // each page); summary items; run bookkeeping (a run put, a transaction of four items at two
        // units each, pointer and status updates: 10).
        BigDecimal entryUnits = m.entryWriteUnitsPer1000Records().multiply(thousands).setScale(0, RoundingMode.CEILING);
        BigDecimal writes = entryUnits
                .add(BigDecimal.valueOf(m.summaryItemsPerDay())).add(BigDecimal.TEN).multiply(days);
        lines.add(line("DynamoDB", "write request units", writes, "WRU", p.dynamoWriteUnit()));
        // Reads: Finalize counts the run's entries from its pages' counts with strongly consistent
        // queries, which read whole items (1 unit per 4 KB); one GetItem per worker call; ten for
        // Prepare and Finalize; the close reads the month's summaries twice (reconcile and export),
        // small items packed 4 KB to the unit.
        BigDecimal countQuery = entryUnits.divide(BigDecimal.valueOf(4), 0, RoundingMode.CEILING);
        BigDecimal reads = countQuery.add(batches).add(BigDecimal.TEN).multiply(days)
                .add(BigDecimal.valueOf(2L * m.summaryItemsPerDay() * w.daysPerMonth() / 10 + 10));
        lines.add(line("DynamoDB", "read request units", reads, "RRU", p.dynamoReadUnit()));

        // S3: Prepare puts the partitions and the manifest; each partition's result and rejects are
        // put by its worker and read back by Finalize; the map reads the manifest and writes three
        // result objects; the day's rejects; one list per 1,000 results.
        BigDecimal puts = partitions.multiply(BigDecimal.valueOf(3)).add(BigDecimal.valueOf(5))
                .add(BigDecimal.valueOf(Workload.ceilDiv(w.partitions(), 1000))).multiply(days);
        lines.add(line("S3", "PUT and LIST requests", puts, "requests", p.s3Put()));
        BigDecimal gets = partitions.multiply(BigDecimal.valueOf(3)).add(batches).add(BigDecimal.valueOf(4)).multiply(days)
                .add(BigDecimal.valueOf(w.daysPerMonth() + 3L));
        lines.add(line("S3", "GET requests", gets, "requests", p.s3Get()));

        lines.add(new Line("Fixed", "secret, alarm metrics", BigDecimal.ONE, "month", p.fixedPerMonth()));

        BigDecimal total = lines.stream().map(Line::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal storageGb = entryUnits.multiply(days)
                .divide(KB_PER_GB, SCALE, RoundingMode.HALF_UP);
        BigDecimal storageCost = storageGb.multiply(p.dynamoGbMonth().add(p.dynamoPitrGbMonth()));
        long instances = Math.max(1, Workload.ceilDiv(w.recordsPerDay(), m.serverRecordsPerHour()));
        BigDecimal server = p.serverPerMonth().multiply(BigDecimal.valueOf(instances));
        return new Estimate(w, m, p, List.copyOf(lines), total, storageGb, storageCost, instances, server);
    }

    /** The part of the estimate that is compute and orchestration (what the server would replace). */
    public static BigDecimal computeOnly(Estimate e) {
        return e.lines().stream().filter(l -> l.service().equals("Lambda") || l.service().equals("Step Functions"))
                .map(Line::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static Line line(String service, String item, BigDecimal quantity, String unit, BigDecimal unitPrice) {
        return new Line(service, item, quantity, unit, quantity.multiply(unitPrice));
    }

    static BigDecimal gb(int megabytes) {
        return BigDecimal.valueOf(megabytes).divide(MB_PER_GB, SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal gbSeconds(int megabytes, BigDecimal millis) {
        return gb(megabytes).multiply(millis).divide(THOUSAND, SCALE, RoundingMode.HALF_UP);
    }
}
