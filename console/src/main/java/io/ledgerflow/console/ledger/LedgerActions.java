package io.ledgerflow.console.ledger;

import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.backend.CloseReadiness;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.NoFileRefusedException;
import io.ledgerflow.core.store.PeriodNotOpenException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.stream.Collectors;

/**
 * What the console changes in the sub-ledger itself, the same for every backend: a day's no-file
 * mark, and the note of a close that proceeds with days unaccounted for. The store's rules decide;
 * their refusals become {@link ConsoleRefusedException} (409, recorded by the app).
 */
public final class LedgerActions {

    private final JournalStore store;

    public LedgerActions(JournalStore store) {
        this.store = store;
    }

    public void markNoFile(LocalDate date, String reason, ConsoleUser by) {
        try {
            store.markNoFile(date, by.name(), reason);
        } catch (NoFileRefusedException | PeriodNotOpenException e) {
            throw new ConsoleRefusedException(e.getMessage());
        }
    }

    public void unmarkNoFile(LocalDate date, String reason, ConsoleUser by) {
        try {
            store.unmarkNoFile(date, by.name(), reason);
        } catch (NoFileRefusedException | PeriodNotOpenException e) {
            throw new ConsoleRefusedException(e.getMessage());
        }
    }

    /**
     * Refuses a close that {@code readiness} blocks; one whose only blockers are business days
     * unaccounted for proceeds when {@code unaccountedDaysReason} is given, and the month's history
     * records who proceeded, why, and which days ({@link LedgerViews#UNACCOUNTED_DAYS_NOTE}).
     */
    public void requireCloseable(CloseReadiness readiness, ConsoleUser by, String unaccountedDaysReason) {
        YearMonth month = readiness.month();
        if (!readiness.closeableWithReason()) {
            throw new ConsoleRefusedException("period " + month + " cannot be closed: "
                    + String.join("; ", readiness.blockers()));
        }
        if (readiness.daysUnaccounted().isEmpty()) {
            return;
        }
        String days = readiness.daysUnaccounted().stream().map(LocalDate::toString).collect(Collectors.joining(", "));
        if (unaccountedDaysReason == null || unaccountedDaysReason.isBlank()) {
            throw new ConsoleRefusedException("period " + month + " cannot be closed: business days neither published nor"
                    + " marked as having no file: " + days + "; mark them on their day pages, or proceed with a reason"
                    + " (recorded)");
        }
        store.notePeriod(month, by.name(), LedgerViews.UNACCOUNTED_DAYS_NOTE + " (" + days + "): "
                + unaccountedDaysReason.strip());
    }
}
