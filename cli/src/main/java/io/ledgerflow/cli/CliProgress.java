package io.ledgerflow.cli;

import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a day's workers: a live bar on a terminal (lines done, rate, ETA, partitions), and
 * otherwise (CI logs, pipes) a plain line on stderr at most every few seconds.
 */
final class CliProgress implements ProgressListener, AutoCloseable {

    private static final long PLAIN_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintWriter err;
    private final boolean terminal;
    private final AtomicInteger partitionsDone = new AtomicInteger();
    private final AtomicLong linesDone = new AtomicLong();
    private volatile int partitions;
    private volatile long lines;
    private volatile long startNanos;
    private long lastPlainNanos;
    private ProgressBar bar;

    CliProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void prepared(int partitionCount, long lineCount) {
        partitions = partitionCount;
        lines = lineCount;
        startNanos = System.nanoTime();
        lastPlainNanos = startNanos;
        err.printf("prepared: %,d lines in %d invoice-complete partitions%n", lineCount, partitionCount);
        err.flush();
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("journalize").setInitialMax(lineCount).setUnit(" lines", 1)
                    .showSpeed().setSpeedUnit(ChronoUnit.SECONDS).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
    }

    @Override
    public void partitionDone(long partitionLines) {
        partitionsDone(1, partitionLines);
    }

    @Override
    public synchronized void partitionsDone(int partitionCount, long partitionLines) {
        long done = linesDone.addAndGet(partitionLines);
        int parts = partitionsDone.addAndGet(partitionCount);
        if (bar != null) {
            bar.stepBy(partitionLines);
            bar.setExtraMessage(" " + parts + "/" + partitions + " partitions");
            return;
        }
        long now = System.nanoTime();
        if (now - lastPlainNanos >= PLAIN_INTERVAL_NANOS || parts == partitions) {
            lastPlainNanos = now;
            plainLine(done, parts, now);
        }
    }

    private void plainLine(long done, int parts, long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = done / seconds;
        long etaSeconds = rate > 0 ? Math.round((lines - done) / rate) : 0;
        err.printf("journalize: %,d/%,d lines (%d%%), %d/%d partitions, %,.0f lines/s, ETA %d:%02d%n", done, lines,
                lines == 0 ? 100 : done * 100 / lines, parts, partitions, rate, etaSeconds / 60, etaSeconds % 60);
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
