package io.ledgerflow.core.journal;

/**
 * A {@link JournalSink} whose {@link #prepare} turns entries into DESIGN's canonical journal rows
 * (JournalCsvWriter's format, without the header), and nothing else. {@link JournalRun#post}
 * may then write the same rows straight from its minor units instead of building each entry
 * first; an entry whose amounts leave long's range still goes through {@link #prepare}.
 */
public interface CanonicalCsvSink extends JournalSink<String> {}
