package io.ledgerflow.core.store;

import java.util.List;

/**
 * What {@link JournalStore#checkStoredJournal} found equal to what was recorded when the day's
 * current run was published: every stored item of its entries (re-hashed from its stored bytes,
 * not decoded), their count, and its summary.
 *
 * @param items stored items of the run's entries (pages)
 * @param entries entries they hold, by their counts
 */
public record StoredJournalCheck(String runId, long items, long entries, List<SummaryLine> summary) {

    public StoredJournalCheck {
        summary = List.copyOf(summary);
    }
}
