package io.ledgerflow.core.billing;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Streams the records of a billing CSV (RFC 4180: quoted fields with commas, quotes and line
 * breaks; CRLF or LF; a leading BOM; blank lines skipped), strictly decoded in the given charset.
 * File-level faults become {@link BadInputFileException}; row-level faults are the caller's to judge.
 */
public final class BillingCsvReader implements Closeable {

    /** One record may not exceed this many characters: a runaway quote must not eat the heap. */
    private static final int RECORD_CHARS_MAX = 1024 * 1024;

    private final String source;
    /** Rows handed from the parsing thread to the caller at a time, and batches in flight. */
    private static final int BATCH_ROWS = 2_048;
    private static final int BATCHES_IN_FLIGHT_MAX = 8;

    private final CsvReader<BillingRow> csv;
    private final Iterator<BillingRow> records;
    private final BillingHeader header;
    private final List<String> headerNames;

    private BillingCsvReader(String source, InputStream in, Charset charset) {
        this.source = source;
        BillingRowHandler handler = new BillingRowHandler();
        this.csv = CsvReader.builder()
                .fieldSeparator(',')
                .quoteCharacter('"')
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowUnclosedQuote(false)
                .allowExtraCharsAfterClosingQuote(false)
                .detectBomHeader(false) // DecodingReader drops the BOM, in any charset
                .maxBufferSize(RECORD_CHARS_MAX)
                .build(handler, new DecodingReader(in, charset));
        this.records = csv.iterator();
        BillingRow first = nextRecord();
        if (first == null) {
            throw new BadInputFileException(source, 0, "the file is empty: expected a header row", null);
        }
        this.headerNames = List.of(first.fields());
        this.header = BillingHeader.parse(source, headerNames);
        handler.skipColumns(header.unreadColumns());
    }

    public static BillingCsvReader open(Path file, Charset charset) {
        try {
            return open(Files.newInputStream(file), file.toString(), charset);
        } catch (NoSuchFileException e) {
            throw new BadInputFileException(file.toString(), 0, "no such file", e);
        } catch (IOException e) {
            throw new BadInputFileException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    public static BillingCsvReader open(InputStream in, String source, Charset charset) {
        try {
            return new BillingCsvReader(source, in, charset);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    public BillingHeader header() {
        return header;
    }

    /** The header row's names, as written. */
    public List<String> headerNames() {
        return headerNames;
    }

    public String source() {
        return source;
    }

    /**
     * Hands every record after the header to {@code action}, in file order. Decoding and parsing
     * run on a second thread, a bounded number of batches ahead, so that they overlap the
     * caller's work; a file-level fault surfaces here as {@link BadInputFileException}.
     */
    public void forEach(Consumer<BillingRow> action) {
        BlockingQueue<Object> batches = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT_MAX);
        Thread parser = Thread.ofPlatform().name("billing-csv-parser").daemon().start(() -> parseInto(batches));
        try {
            while (true) {
                Object next = batches.take();
                if (next instanceof RuntimeException failure) {
                    throw failure;
                }
                @SuppressWarnings("unchecked")
                List<BillingRow> batch = (List<BillingRow>) next;
                if (batch.isEmpty()) {
                    return;
                }
                batch.forEach(action);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + source, e);
        } finally {
            parser.interrupt();
        }
    }

    /** Runs on the parsing thread: full batches, then an empty batch, or the failure. */
    private void parseInto(BlockingQueue<Object> batches) {
        try {
            List<BillingRow> batch = new ArrayList<>(BATCH_ROWS);
            for (BillingRow row = nextRecord(); row != null; row = nextRecord()) {
                batch.add(row);
                if (batch.size() == BATCH_ROWS) {
                    batches.put(batch);
                    batch = new ArrayList<>(BATCH_ROWS);
                }
            }
            if (!batch.isEmpty()) {
                batches.put(batch);
            }
            batches.put(List.of());
        } catch (InterruptedException e) {
            // the consumer stopped early (it failed); nothing more to do
        } catch (RuntimeException e) {
            try {
                batches.put(e);
            } catch (InterruptedException ignored) {
                // the consumer is gone
            }
        }
    }

    private BillingRow nextRecord() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof DecodingReader.UndecodableInputException bad) {
                throw new BadInputFileException(source, bad.lineNumber, bad.getMessage(), bad);
            }
            throw new BadInputFileException(source, 0, "cannot read: " + e.getCause().getMessage(), e);
        } catch (CsvParseException e) {
            throw new BadInputFileException(source, lineOf(e), "not valid CSV: " + describe(e), e);
        }
    }

    private static long lineOf(CsvParseException e) {
        // FastCSV says "Exception when reading first record" or names the starting line in its message.
        String text = String.valueOf(e.getMessage());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String describe(CsvParseException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? e.getMessage() : root.getMessage();
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing with a clearer error
        }
    }
}
