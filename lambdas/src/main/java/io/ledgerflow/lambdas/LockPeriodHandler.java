package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.close.MonthClose;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** Task {@code Lock}: OPEN → CLOSING unless a day is running or failed; lists the days to reconcile and the days without a run. */
public final class LockPeriodHandler extends JsonHandler<LockPeriodHandler.Request, LockPeriodHandler.Locked> {

    public record Request(YearMonth month, String requestedBy) {}

    /** @param stage LOCKED, CLOSED (resume at the export) or EXPORTED (report the existing batch) */
    public record Locked(String stage, List<LocalDate> days, List<LocalDate> daysWithoutRun) {}

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public LockPeriodHandler() {
        this(null);
    }

    public LockPeriodHandler(Collaborators collaborators) {
        super(Request.class);
        this.collaborators = collaborators;
    }

    @Override
    Locked handle(Request event, Context context) {
        MonthClose close = (collaborators != null ? collaborators : Collaborators.fromEnvironment()).close();
        MonthClose.Locked locked = close.lock(event.month(), event.requestedBy());
        return new Locked(locked.stage(), locked.days(), locked.daysWithoutRun());
    }
}
