package io.ledgerflow.core.close;

import java.time.Instant;
import java.time.YearMonth;

/**
 * One export of a ledger's month (the general ledger's group id).
 *
 * @param created true when this call wrote it; false when the month had been exported before and
 *     this is that batch, unchanged
 */
public record ExportBatch(
        long batchId, String ledger, YearMonth period, int rowCount, String requestedBy, Instant createdAt, boolean created) {}
