package io.ledgerflow.core.close;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The port to the general-ledger database: writes a month's export once and reads it back. The
 * PostgreSQL adapter is {@code io.ledgerflow.core.adapters.postgres.PostgresLedgerExport}.
 */
public interface LedgerExport {

    /** The ledger this export writes to (one batch per ledger and period). */
    String ledger();

    /**
     * Brings the ledger's position for the month to the request's lines, all or nothing, and returns
     * the batch that holds it: when the month's batches already sum to the lines (compared by a
     * digest of the netted lines), its latest batch, writing nothing; when the month has no batch,
     * a new FULL batch of the lines (an empty batch when there are none); when the month's batches
     * are all acknowledged by the request (an audited reopen after them), a new ADJUSTMENT batch of
     * the difference ({@link LedgerLines#difference}). Otherwise throws
     * {@link ExportMismatchException}. Throws {@link LedgerUnavailableException} when the database
     * cannot be reached.
     */
    ExportBatch export(ExportRequest request);

    /** The month's latest batch, if it was exported. */
    default Optional<ExportBatch> batch(YearMonth month) {
        List<ExportBatch> batches = batches(month);
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.get(batches.size() - 1));
    }

    /** Every batch of the month, by sequence. */
    List<ExportBatch> batches(YearMonth month);

    /**
     * The month's position in the ledger: the lines of all its batches added up and netted, in
     * {@link LedgerLine#ORDER} (equal to the month's summary netted, when the export is complete).
     */
    List<LedgerLine> lines(YearMonth month);
}
