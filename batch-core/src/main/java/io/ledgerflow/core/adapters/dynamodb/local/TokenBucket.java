package io.ledgerflow.core.adapters.dynamodb.local;

/**
 * Capacity units that refill at a steady rate up to a cap. A request takes its units if they are
 * there, or is refused; a consumption only known afterwards (what a query read, an overwritten
 * item's size) is debited after the fact and may leave the bucket below zero, so that the next
 * requests wait for the refill, as DynamoDB's own accounting does. Not thread-safe: the
 * {@link CapacityMeter} that owns it locks.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double unitsPerSecond;
    private final double capacity;
    private double units;
    private long refilledAtNanos;

    TokenBucket(double unitsPerSecond, double burstSeconds, long nowNanos) {
        this.unitsPerSecond = unitsPerSecond;
        this.capacity = unitsPerSecond * burstSeconds;
        this.units = capacity;
        this.refilledAtNanos = nowNanos;
    }

    /** The units there are now (negative while a debit is being paid back). */
    double available(long nowNanos) {
        refill(nowNanos);
        return units;
    }

    void take(double amount) {
        units -= amount;
    }

    /** Whether nothing has been taken that is not refilled: such a bucket is as good as a new one. */
    boolean full(long nowNanos) {
        refill(nowNanos);
        return units >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAtNanos;
        if (elapsed > 0) {
            units = Math.min(capacity, units + unitsPerSecond * elapsed / NANOS_PER_SECOND);
            refilledAtNanos = nowNanos;
        }
    }
}
