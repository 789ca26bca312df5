package io.ledgerflow.bench;

import io.ledgerflow.cli.Main;
import io.ledgerflow.core.generate.BillingGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Not a test: times {@code ledgerflow journalize} (the whole command, in-process: read, check,
 * calculate, write journal and rejects) against a bare baseline on the same file (read and split
 * every line with the same CSV library, nothing else), alternating, after warm-up, and prints both:
 * wall time and the process's CPU time (every thread: the command's, the collector's and the
 * compiler's; Linux counts it in 10 ms ticks), which a cold process spends too, and more.
 *
 * <p>Usage: {@code JournalizeBenchmark RECORDS ROUNDS RULES_FILE WORK_DIR}
 */
public final class JournalizeBenchmark {

    public static void main(String[] args) throws IOException {
        long records = Long.parseLong(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path rules = Path.of(args[2]);
        Path work = Files.createDirectories(Path.of(args[3]));
        LocalDate date = LocalDate.of(2026, 11, 20);
        Path input = work.resolve("bench-" + records + ".csv");
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(input, StandardCharsets.UTF_8), 1 << 16)) {
            new BillingGenerator(new BillingGenerator.Settings(date, records, 7, 0.0005, 0.08)).write(out);
        }
        System.out.printf("input: %s, %d records, %.1f MB%n", input, records, Files.size(input) / 1e6);

        String[] journalize = {"journalize", "--date", date.toString(), "--input", input.toString(),
            "--rules", rules.toString(), "--out", work.resolve("journal.csv").toString(),
            "--rejects", work.resolve("rejects.csv").toString()};
        List<Long> full = new ArrayList<>();
        List<Long> bare = new ArrayList<>();
        List<Long> fullCpu = new ArrayList<>();
        List<Long> bareCpu = new ArrayList<>();
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            long lines = BareReadSplit.baseline(input);
            long t1 = System.nanoTime();
            long c1 = processCpuNanos();
            int code = Main.execute(journalize);
            long t2 = System.nanoTime();
            long c2 = processCpuNanos();
            if (code != 0 || lines != records) {
                throw new IllegalStateException("journalize exited " + code + ", baseline read " + lines + " lines");
            }
            if (round >= 0) {
                bare.add(t1 - t0);
                full.add(t2 - t1);
                bareCpu.add(c1 - c0);
                fullCpu.add(c2 - c1);
            }
        }
        report(records, bare, full, bareCpu, fullCpu);
    }

    /** CPU time of the whole process so far: every thread's, the collector's and the compiler's too. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(long records, List<Long> bare, List<Long> full, List<Long> bareCpu, List<Long> fullCpu) {
        double bareMedian = median(bare) / 1e9;
        double fullMedian = median(full) / 1e9;
        System.out.printf("%-34s %10s %14s %14s%n", "", "median s", "records/s", "median CPU s");
        System.out.printf("%-34s %10.3f %,14.0f %14.2f%n", "baseline (read + split only)", bareMedian, records / bareMedian,
                median(bareCpu) / 1e9);
        System.out.printf("%-34s %10.3f %,14.0f %14.2f%n", "journalize (full, incl. writing)", fullMedian, records / fullMedian,
                median(fullCpu) / 1e9);
        System.out.printf("journalize / baseline time: %.2fx   (rounds: %d, heap max %d MB, %d cores)%n",
                fullMedian / bareMedian, full.size(), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("rounds, wall s: baseline %s; journalize %s%n", seconds(bare), seconds(full));
    }

    private static String seconds(List<Long> nanos) {
        return nanos.stream().map(n -> String.format("%.3f", n / 1e9)).collect(Collectors.joining(", "));
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
