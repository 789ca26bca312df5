package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.close.CodeFingerprint;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.MonthClose;
import java.time.YearMonth;

/** Task {@code Export}: the month's summary, netted, into the ledger database under one batch (the Spring Batch export job); the existing batch when exported before. */
public final class ExportLedgerHandler extends JsonHandler<ExportLedgerHandler.Request, ExportLedgerHandler.Exported> {

    public record Request(YearMonth month, String company, String requestedBy) {}

    /** @param created false when the month had been exported before and nothing was written */
    public record Exported(long batchId, String ledger, YearMonth period, int rowCount, String requestedBy,
            String createdAt, boolean created) {}

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
                batch.createdAt().toString(), batch.created());
    }
}
