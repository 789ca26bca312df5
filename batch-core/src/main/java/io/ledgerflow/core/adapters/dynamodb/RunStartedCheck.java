package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.crash.CrashPoint;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * The check made before each batch write of a run's entries: is the run still STARTED? One
 * strongly consistent read of the run's status, shared by the writing lanes of one call for
 * {@link #REUSE_MILLIS_MAX}: a batch is sent at most that long after its run was last seen
 * STARTED. Once the run is seen in another state, every later check fails at once.
 *
 * <p>Why a read and not a condition on the write: {@code BatchWriteItem} takes no condition, and
 * a {@code TransactWriteItems} with a ConditionCheck on the run item costs two write units per
 * item and makes the workers' transactions conflict on that one item (measured in
 * {@code RunCheckBenchmark}). What the read leaves open (batches already sent when the run
 * failed) the sweep removes.
 */
final class RunStartedCheck implements BatchWriter.Guard {

    /** How long one read of the run's status serves every lane; bounds how late a batch can be sent. */
    static final long REUSE_MILLIS_MAX = 100;

    private final TableReader reader;
    private final LocalDate businessDate;
    private final String runId;
    private final long reuseNanos;
    private long checkedAtNanos;
    private boolean checked;
    private RunStatus refused;

    /** @param reuseMillis how long a read serves (0: a read before every batch); at most {@link #REUSE_MILLIS_MAX} */
    RunStartedCheck(TableReader reader, LocalDate businessDate, String runId, long reuseMillis) {
        if (reuseMillis < 0 || reuseMillis > REUSE_MILLIS_MAX) {
            throw new IllegalArgumentException("reuseMillis must be 0.." + REUSE_MILLIS_MAX + ", got " + reuseMillis);
        }
        this.reader = reader;
        this.businessDate = businessDate;
        this.runId = runId;
        this.reuseNanos = TimeUnit.MILLISECONDS.toNanos(reuseMillis);
    }

    /** A batch of the run's entries was written: the crash campaign's {@code write:<n>} point. */
    @Override
    public void written() {
        CrashPoint.entriesWritten();
    }

    @Override
    public synchronized void check() {
        if (refused == null && (!checked || System.nanoTime() - checkedAtNanos >= reuseNanos)) {
            RunStatus status = reader.runStatus(businessDate, runId);
            checked = true;
            checkedAtNanos = System.nanoTime();
            if (status != RunStatus.STARTED) {
                refused = status;
            }
        }
        if (refused != null) {
            throw new RunStateException("run " + runId + " for " + businessDate + " became " + refused
                    + " while its entries were being written; the rest are not written");
        }
    }
}
