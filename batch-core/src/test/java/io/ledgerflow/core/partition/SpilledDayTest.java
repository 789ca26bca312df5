package io.ledgerflow.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.generate.BillingGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split streams: a file several times larger than the heap splits in a JVM whose heap could
 * not hold it (the split that kept the whole day as rows needed about ten times the file).
 */
class SpilledDayTest {

    static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    /** The child JVM's heap: the file below is about three times as large. */
    static final String SMALL_HEAP = "-Xmx32m";

    @TempDir
    Path dir;

    @Test
    void split_ofAFileThreeTimesTheHeap_succeedsInThatHeap_withEveryLineInOnePartition() throws Exception {
        // given a day of about 100 MB (1,200,000 lines)
        Path file = dir.resolve("day.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new BillingGenerator(new BillingGenerator.Settings(DATE, 1_200_000, 3, 0.0005, 0.08)).write(out);
        }
        assertThat(Files.size(file)).isGreaterThan(96L * 1024 * 1024);

        // when a JVM with a 32 MB heap splits it
        Path work = Files.createDirectories(dir.resolve("work"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, SMALL_HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SplitInSmallHeap.class.getName(), file.toString(), work.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();

        // then it read every line into whole-invoice partitions of at most 2,000 lines, and cleaned up
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).as(output).contains("rows=1200000 lines=1200000 ");
        assertThat(output).contains("largest=2000");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("bucket files left behind").isEmpty();
        }
    }

    @Test
    void bucketCount_growsWithTheFile_upToItsBound() {
        assertThat(SpilledDay.bucketsFor(-1)).isEqualTo(SpilledDay.BUCKETS_UNKNOWN_SIZE);
        assertThat(SpilledDay.bucketsFor(0)).isEqualTo(1);
        assertThat(SpilledDay.bucketsFor(SpilledDay.BUCKET_BYTES_TARGET + 1)).isEqualTo(2);
        assertThat(SpilledDay.bucketsFor(1L << 40)).isEqualTo(SpilledDay.BUCKETS_MAX);
    }

    @Test
    void badFile_failsTheSpill_andLeavesNoBucketFiles() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), "billing_id,invoice_id,business_date,site_code,customer_code,"
                + "billing_type,tax_code,quantity,unit_price,currency\nB1,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY\n\"B2,unclosed\n");
        Path work = Files.createDirectories(dir.resolve("work"));
        List<Throwable> failures = new ArrayList<>();
        try (BillingCsvReader reader = BillingCsvReader.open(file, StandardCharsets.UTF_8)) {
            SpilledDay.spill(reader, 10, work, Files.size(file)).close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        assertThat(failures).hasSize(1);
        assertThat(failures.getFirst()).hasMessageContaining("bad.csv");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    /** The child JVM: splits the file, counts, prints one line. Holds nothing but counters. */
    public static final class SplitInSmallHeap {
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            long[] lines = {0};
            int[] largest = {0};
            try (BillingCsvReader reader = BillingCsvReader.open(file, StandardCharsets.UTF_8);
                    SpilledDay day = SpilledDay.spill(reader, 2_000, Path.of(args[1]), Files.size(file))) {
                int partitions = day.forEachPartition(p -> {
                    lines[0] += p.rows().size();
                    largest[0] = Math.max(largest[0], p.rows().size());
                });
                System.out.println("rows=" + day.rows() + " lines=" + lines[0] + " partitions=" + partitions
                        + " largest=" + largest[0] + " heapMax=" + Runtime.getRuntime().maxMemory());
            }
        }
    }
}
