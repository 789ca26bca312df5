package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.close.CodeFingerprint;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.MonthClose;
import java.time.YearMonth;

/**
 * Task {@code Export}: the month's summary, netted, into the ledger database under one batch (the
 * Spring Batch export job): the whole month, or after an audited reopen the difference; the latest
 * batch when the ledger already holds the month's content; refused when it holds other content.
 */
public final class ExportLedgerHandler extends JsonHandler<ExportLedgerHandler.Request, ExportLedgerHandler.Exported> {

    public record Request(YearMonth month, String company, String requestedBy) {}

    /**
     * @param created false when the ledger already held the month's content and nothing was written
     * @param sequence the batch's place among the month's batches (1: the first export)
     * @param kind FULL or ADJUSTMENT
     */
    public record Exported(long batchId, String ledger, YearMonth period, int rowCount, String requestedBy,
            String createdAt, boolean created, int sequence, String kind) {}

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public ExportLedgerHandler() {
        this(null);
    }

    public ExportLedgerHandler(Collaborators collaborators) {
        super(Request.class);
        this.collaborators = collaborators;
    }

    @Override
    Exported handle(Request event, Context context) {
        MonthClose close = (collaborators != null ? collaborators : Collaborators.fromEnvironment()).close();
        ExportBatch batch = close.export(event.month(), event.company(), CodeFingerprint.current(), event.requestedBy());
        return new Exported(batch.batchId(), batch.ledger(), batch.period(), batch.rowCount(), batch.requestedBy(),
                batch.createdAt().toString(), batch.created(), batch.sequence(), batch.kind());
    }
}
