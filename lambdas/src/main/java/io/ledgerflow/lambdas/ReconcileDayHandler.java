package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.close.MonthClose;
import java.time.LocalDate;

/** Task {@code ReconcileDay} (one Map iteration per day): the day's summary against its entries and its run's control totals. */
public final class ReconcileDayHandler extends JsonHandler<ReconcileDayHandler.Request, ReconcileDayHandler.Reconciled> {

    public record Request(LocalDate businessDate) {}

    public record Reconciled(LocalDate businessDate, String runId, long entries, int summaryLines) {}

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public ReconcileDayHandler() {
        this(null);
    }

    public ReconcileDayHandler(Collaborators collaborators) {
        super(Request.class);
        this.collaborators = collaborators;
    }

    @Override
    Reconciled handle(Request event, Context context) {
        MonthClose close = (collaborators != null ? collaborators : Collaborators.fromEnvironment()).close();
        MonthClose.DayReconciled day = close.reconcileDay(event.businessDate());
        return new Reconciled(day.date(), day.runId(), day.entries(), day.summaryLines());
    }
}
