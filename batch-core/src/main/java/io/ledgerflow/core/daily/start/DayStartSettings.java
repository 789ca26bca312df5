package io.ledgerflow.core.daily.start;

import io.ledgerflow.core.daily.DailyRunInput;
import io.ledgerflow.core.daily.ObjectRef;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Where the day's file arrives ({@code inputBucket}, {@code inputPrefix} + date + {@code /}), what
 * the daily workflow is given besides it, and the schedule. The run's tuning has the CLI's defaults
 * ({@link #withDefaults}), so that a scheduled run and {@code ledgerflow daily} run a day alike.
 */
public record DayStartSettings(DailySchedule schedule, String inputBucket, String inputPrefix, ObjectRef rules,
                               String workBucket, String encoding, int partitionLines, int partitionsPerBatch,
                               int maxConcurrency, BigDecimal maxRejectPercent) {

    public DayStartSettings {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(inputBucket, "inputBucket");
        Objects.requireNonNull(inputPrefix, "inputPrefix");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(workBucket, "workBucket");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(maxRejectPercent, "maxRejectPercent");
    }

    /** The CLI's defaults ({@link DailyRunInput}'s): UTF-8, 10,000 lines a partition, 2 partitions a batch, 4 workers, 1.0 %. */
    public static DayStartSettings withDefaults(DailySchedule schedule, String inputBucket, String inputPrefix,
                                                ObjectRef rules, String workBucket) {
        return new DayStartSettings(schedule, inputBucket, inputPrefix, rules, workBucket, DailyRunInput.DEFAULT_ENCODING,
                DailyRunInput.DEFAULT_PARTITION_LINES, DailyRunInput.DEFAULT_PARTITIONS_PER_BATCH,
                DailyRunInput.DEFAULT_MAX_CONCURRENCY, new BigDecimal(DailyRunInput.DEFAULT_MAX_REJECT_PERCENT));
    }
}
