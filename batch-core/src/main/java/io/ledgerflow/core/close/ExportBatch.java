package io.ledgerflow.core.close;

import java.time.Instant;
import java.time.YearMonth;

/**
 * One export batch of a ledger's month (the general ledger's group id).
 *
 * @param created true when this call wrote it; false when the ledger already held the month's
 *     content and this is its latest batch, unchanged
 * @param sequence 1 for the month's first batch, then 2, 3, ... for its adjustments
 * @param kind {@link #FULL} (the month's first export) or {@link #ADJUSTMENT} (the difference after an
 *     audited reopen of the exported month)
 */
public record ExportBatch(
        long batchId, String ledger, YearMonth period, int rowCount, String requestedBy, Instant createdAt, boolean created,
        int sequence, String kind) {

    public static final String FULL = "FULL";
    public static final String ADJUSTMENT = "ADJUSTMENT";

    /** A month's first batch. */
    public ExportBatch(long batchId, String ledger, YearMonth period, int rowCount, String requestedBy, Instant createdAt,
            boolean created) {
        this(batchId, ledger, period, rowCount, requestedBy, createdAt, created, 1, FULL);
    }

    public ExportBatch asCreated() {
        return new ExportBatch(batchId, ledger, period, rowCount, requestedBy, createdAt, true, sequence, kind);
    }
}
