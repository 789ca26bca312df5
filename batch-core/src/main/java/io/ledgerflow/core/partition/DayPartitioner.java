package io.ledgerflow.core.partition;

import io.ledgerflow.core.billing.BillingCsvReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a day's billing file into invoice-complete partitions of bounded size, in the order the
 * invoices first appear. What no single partition can know is settled here, once, in file order:
 * whether a line's billing_id appeared on an earlier row (DESIGN's DUPLICATE_BILLING_ID).
 * Reading the whole file first means a bad file fails before anything is written; the file is
 * never held in memory ({@link SpilledDay} works through bucket files).
 */
public final class DayPartitioner {

    /** Upper bound on the partition size a caller may ask for. */
    public static final int PARTITION_LINES_MAX = 100_000;

    private DayPartitioner() {}

    /**
     * Splits a file into bucket files under {@code workDir}; the caller takes the partitions one at
     * a time from the result ({@link SpilledDay#forEachPartition}) and closes it.
     */
    public static SpilledDay spill(BillingCsvReader reader, int partitionLines, Path workDir, long sizeBytes) {
        return SpilledDay.spill(reader, partitionLines, workDir, sizeBytes);
    }

    /** All partitions in a list, for small files (tests): the list holds the whole day. */
    public static List<Partition> split(BillingCsvReader reader, int partitionLines) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("ledgerflow-split-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (SpilledDay day = spill(reader, partitionLines, workDir, -1)) {
            List<Partition> partitions = new ArrayList<>();
            day.forEachPartition(partitions::add);
            return partitions;
        } finally {
            try {
                Files.deleteIfExists(workDir);
            } catch (IOException ignored) {
                // an empty temporary directory left behind
            }
        }
    }
}
