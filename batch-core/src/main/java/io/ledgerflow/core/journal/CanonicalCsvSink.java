package io.ledgerflow.core.journal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link JournalSink} that writes DESIGN's canonical journal rows (JournalCsvWriter's format).
 * {@link JournalRun#post} then formats most rows itself, straight from its minor units, instead
 * of building each entry first: it hands a chunk's rows to {@link #prepareRows}, and asks
 * {@link #appendRows} only for an entry whose amounts leave long's range. Both run on the posting
 * threads and must be pure; {@link #accept} receives the prepared chunks in entry order.
 */
public interface CanonicalCsvSink<T> extends JournalSink<T> {

    /** Appends the canonical rows of {@code entry} to {@code rows}. */
    void appendRows(StringBuilder rows, JournalEntry entry);

    /** A chunk's canonical rows, made ready for {@link #accept} (for example, encoded). */
    T prepareRows(StringBuilder rows);

    /**
     * As {@link #prepareRows}, for a chunk's rows as UTF-8 bytes ({@code rows[0, length)}), as
     * {@code JournalRun} writes them. The array is the sink's until {@link #accept} of this chunk
     * returns, then reused for a later chunk: a sink that keeps the bytes longer copies them. By
     * default decoded for {@link #prepareRows}; a sink that writes bytes can hand them on as they are.
     */
    default T prepareUtf8Rows(byte[] rows, int length) {
        return prepareRows(new StringBuilder(new String(rows, 0, length, StandardCharsets.UTF_8)));
    }

    @Override
    default T prepare(List<JournalEntry> entries) {
        StringBuilder rows = new StringBuilder(entries.size() * 6 * 110);
        for (JournalEntry entry : entries) {
            appendRows(rows, entry);
        }
        return prepareRows(rows);
    }
}
