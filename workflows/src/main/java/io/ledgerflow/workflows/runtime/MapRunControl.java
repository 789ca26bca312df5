package io.ledgerflow.workflows.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The children of one Distributed Map run as the dispatcher and the children see them: which run,
 * which finished how, and whether the run failed. It bounds the children running at once
 * (MaxConcurrency) and, in {@link MapFailureMode#FAIL_AT_ONCE}, judges the tolerated failure
 * threshold as each child finishes: once it is crossed the run is <em>stopped</em>, nothing more
 * starts, children still running are recorded ABORTED, and whatever they return later is
 * discarded. One lock guards it all: children finish rarely compared with the work they do.
 */
final class MapRunControl {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int concurrency;
    private final Threshold threshold;
    private final boolean failAtOnce;
    private final Map<Integer, ChildResult> results = new HashMap<>();
    private final Map<Integer, Batches.Batch> running = new HashMap<>();
    private long items; // items of every child started or reused so far
    private long failedItems;
    private boolean allStarted;
    private boolean thresholdCrossed;
    private volatile boolean stopped;

    MapRunControl(int concurrency, Threshold threshold, MapFailureMode mode) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.threshold = threshold;
        this.failAtOnce = mode == MapFailureMode.FAIL_AT_ONCE;
    }

    /**
     * Waits until fewer than MaxConcurrency children run, then records child {@code index} as
     * running. Returns false, starting nothing, once the run is stopped.
     */
    boolean start(int index, Batches.Batch batch) {
        lock.lock();
        try {
            while (!stopped && running.size() >= concurrency) {
                changed.awaitUninterruptibly();
            }
            if (stopped) {
                return false;
            }
            running.put(index, batch);
            items += batch.itemCount();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Records a child a redrive does not run again: it succeeded before. */
    void reused(ChildResult succeeded) {
        lock.lock();
        try {
            results.put(succeeded.index(), succeeded);
            items += succeeded.itemCount();
        } finally {
            lock.unlock();
        }
    }

    /** Records a child's result, unless the run was stopped meanwhile (then the result is discarded). */
    void finished(ChildResult result) {
        lock.lock();
        try {
            if (stopped) {
                return; // the child was recorded ABORTED when the run stopped
            }
            running.remove(result.index());
            results.put(result.index(), result);
            if (result.failed()) {
                failedItems += result.itemCount();
                judge();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Every child is started: the run's item total is known, so a percentage threshold can be judged. */
    void allStarted() {
        lock.lock();
        try {
            allStarted = true;
            judge();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void judge() {
        if (!failAtOnce || stopped) {
            return;
        }
        if (allStarted ? threshold.exceeded(failedItems, items) : threshold.exceededBeforeTotal(failedItems)) {
            thresholdCrossed = true;
            stop();
        }
    }

    /** Stops the run: nothing more starts; children still running are ABORTED. Holds the lock. */
    private void stop() {
        stopped = true;
        for (Map.Entry<Integer, Batches.Batch> r : running.entrySet()) {
            results.put(r.getKey(), ChildResult.aborted(r.getKey(), r.getValue()));
        }
        running.clear();
        changed.signalAll();
    }

    /** Stops the run because it failed for another reason (its ItemReader failed, say). */
    void abort() {
        lock.lock();
        try {
            if (!stopped) {
                stop();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every started child finished, or (at once) until the run is stopped. Children
     * that were stopped are not waited for: their threads finish on their own time.
     */
    void awaitEnd() {
        lock.lock();
        try {
            while (!stopped && !running.isEmpty()) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean stopped() {
        return stopped;
    }

    /** Whether the run stopped because the tolerated failure threshold was crossed. */
    boolean thresholdCrossed() {
        lock.lock();
        try {
            return thresholdCrossed;
        } finally {
            lock.unlock();
        }
    }

    /** Every recorded child by index: finished, reused, or ABORTED. Call after {@link #awaitEnd()}. */
    Map<Integer, ChildResult> results() {
        lock.lock();
        try {
            return new TreeMap<>(results);
        } finally {
            lock.unlock();
        }
    }
}
