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
     * Writes the month's lines under one new batch, all or nothing; when the month already has a
     * batch, returns it and writes nothing. Throws {@link LedgerUnavailableException} when the
     * database cannot be reached.
     */
    ExportBatch export(ExportRequest request);

    /** The month's batch, if it was exported. */
    Optional<ExportBatch> batch(YearMonth month);

    /** The month's exported lines as the ledger database holds them, in {@link LedgerLine#ORDER}. */
    List<LedgerLine> lines(YearMonth month);
}
