package io.ledgerflow.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What {@link JournalStore#writeEntries} stored: its items and the summary of the entries it
 * encoded into them, computed by the store from exactly those entries. A run's receipts, merged,
 * are what its publish checks the stored items and the day's summary against.
 *
 * @param summary in {@link SummaryLine#ORDER}
 */
public record WrittenItems(List<WrittenItem> items, List<SummaryLine> summary) {

    public WrittenItems {
        items = List.copyOf(items);
        summary = List.copyOf(summary);
    }

    public long entries() {
        return items.stream().mapToLong(WrittenItem::entries).sum();
    }

    /** Several calls' receipts as one: their items, and their summaries added up. */
    public static WrittenItems merge(Collection<WrittenItems> receipts) {
        List<WrittenItem> items = new ArrayList<>();
        List<List<SummaryLine>> summaries = new ArrayList<>();
        for (WrittenItems receipt : receipts) {
            items.addAll(receipt.items());
            summaries.add(receipt.summary());
        }
        return new WrittenItems(items, DaySummaries.merge(summaries));
    }
}
