package io.ledgerflow.core.journal;

import java.util.List;

/**
 * Where {@link JournalRun#post} delivers entries. {@link #prepare} turns a chunk of consecutive
 * entries into something to write (e.g. CSV text) and may run on several threads at once, so it
 * must be pure; {@link #accept} receives the prepared chunks one at a time, in entry order.
 */
public interface JournalSink<T> {

    T prepare(List<JournalEntry> entries);

    void accept(T prepared);
}
