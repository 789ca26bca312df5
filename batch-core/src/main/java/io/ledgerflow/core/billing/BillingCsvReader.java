package io.ledgerflow.core.billing;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Streams the records of a billing CSV (RFC 4180: quoted fields with commas, quotes and line
 * breaks; CRLF or LF; a leading BOM; blank lines skipped), strictly decoded in the given charset.
 * File-level faults become {@link BadInputFileException}; row-level faults are the caller's to judge.
 *
 * <p>A UTF-8 file opened by path is read by a fast path ({@link Utf8Records}): the file as bytes, in chunks,
 * split at a line break near its middle and parsed on two threads. Whatever that path does not
 * read exactly as the FastCSV path does, it hands back, and the file is read again the FastCSV way
 * (which also names what is wrong with a bad file); {@link #readAll} then starts a fresh sink.
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
    /** The fast path's file, or null (the FastCSV path); where the records after the header start, and on which line. */
    private final ByteSource bytes;
    private final long bodyStart;
    private final long bodyStartLine;
    private final int splitBytesMin;
    /** Where the search for the split's line feed starts: -1 for the middle of the body (tests place it). */
    private final long splitSearchFrom;
    private final int chunkBytes;

    /** A file smaller than this is parsed on one thread: a second costs more than it saves. */
    private static final int SPLIT_BYTES_MIN = 256 * 1024;
    /** Each fast-path parsing thread reads its part of the file in chunks of this size. */
    private static final int CHUNK_BYTES = 1 << 20;

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
        this.bytes = null;
        this.bodyStart = 0;
        this.bodyStartLine = 0;
        this.splitBytesMin = 0;
        this.splitSearchFrom = -1;
        this.chunkBytes = 0;
    }

    private BillingCsvReader(String source, ByteSource bytes, Utf8Records head, int splitBytesMin, long splitSearchFrom,
            int chunkBytes) {
        this.source = source;
        this.csv = null;
        this.records = null;
        this.headerNames = List.of(head.fields());
        this.header = BillingHeader.parse(source, headerNames);
        this.bytes = bytes;
        this.bodyStart = head.position();
        this.bodyStartLine = 1 + head.newlines();
        this.splitBytesMin = splitBytesMin;
        this.splitSearchFrom = splitSearchFrom;
        this.chunkBytes = chunkBytes;
    }

    /**
     * Opens a file: a UTF-8 file is read by position, for the fast path of {@link #readAll}; a file
     * in any other charset streams through FastCSV.
     */
    public static BillingCsvReader open(Path file, Charset charset) {
        try {
            if (StandardCharsets.UTF_8.equals(charset) && Files.isRegularFile(file)) {
                return openFast(ByteSource.of(file), file.toString(), SPLIT_BYTES_MIN, CHUNK_BYTES);
            }
            return open(Files.newInputStream(file), file.toString(), charset);
        } catch (NoSuchFileException e) {
            throw new BadInputFileException(file.toString(), 0, "no such file", e);
        } catch (IOException e) {
            throw new BadInputFileException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A UTF-8 file: read by the fast path when its header row is plain, else by FastCSV (which says
     * what is wrong). Bodies of {@code splitBytesMin} bytes or more are split in two; the parsing
     * threads read chunks of {@code chunkBytes} (tests split small files into small chunks).
     */
    static BillingCsvReader openFast(ByteSource bytes, String source, int splitBytesMin, int chunkBytes)
            throws IOException {
        return openFast(bytes, source, splitBytesMin, chunkBytes, -1);
    }

    /** As above, the split's line feed looked for from byte {@code splitSearchFrom} on (-1: the middle). */
    static BillingCsvReader openFast(ByteSource bytes, String source, int splitBytesMin, int chunkBytes,
            long splitSearchFrom) throws IOException {
        try {
            Utf8Records head = new Utf8Records(bytes, Utf8Records.bodyStart(bytes), chunkBytes);
            if (head.next() != Utf8Records.RECORD) {
                return open(bytes.stream(), source, StandardCharsets.UTF_8); // the stream closes the file
            }
            return new BillingCsvReader(source, bytes, head, splitBytesMin, splitSearchFrom, chunkBytes);
        } catch (IOException | RuntimeException e) {
            bytes.close();
            throw e;
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
        if (bytes != null) {
            // The action cannot be started again: the path that never hands a file back.
            try (BillingCsvReader streaming = streamingReader()) {
                streaming.forEach(action);
            }
            return;
        }
        readStreaming(new BillingRecordSink<String[]>() {
            @Override
            public Function<String[], String[]> newJudge() {
                return String[]::clone;
            }

            @Override
            public void accept(long lineNumber, String[] fields) {
                action.accept(new BillingRow(lineNumber, fields));
            }
        });
    }

    /** Runs on the FastCSV path's parsing thread: full batches, then {@link #END}, or the failure. */
    private <J> void parseInto(BlockingQueue<Object> batches, Function<String[], J> judge) {
        try {
            Batch batch = new Batch();
            for (BillingRow row = nextRecord(); row != null; row = nextRecord()) {
                if (batch.add(row.lineNumber(), judge.apply(row.fields()))) {
                    batches.put(batch);
                    batch = new Batch();
                }
            }
            batches.put(batch);
            batches.put(END);
        } catch (InterruptedException e) {
            // the consumer stopped early (it failed); nothing more to do
        } catch (RuntimeException | Error e) {
            try {
                batches.put(new Failure(e));
            } catch (InterruptedException ignored) {
                // the consumer is gone
            }
        }
    }

    /**
     * Hands every record after the header to a sink, in file order, each with its judge's verdict,
     * and returns that sink. Judges run on the parsing threads (two on the fast path, one
     * otherwise). When the fast path hands the file back part way, the sink that has seen part of
     * it is dropped and the file is read again into a fresh sink from {@code sinks}: a sink must
     * not act outside itself before this returns. A file-level fault surfaces here as
     * {@link BadInputFileException}.
     */
    public <J, S extends BillingRecordSink<J>> S readAll(Supplier<S> sinks) {
        S sink = sinks.get();
        if (bytes == null) {
            readStreaming(sink);
            return sink;
        }
        if (readFast(sink)) {
            return sink;
        }
        try (BillingCsvReader streaming = streamingReader()) {
            S fresh = sinks.get();
            streaming.readStreaming(fresh);
            return fresh;
        }
    }

    /** The FastCSV path over the fast path's file. */
    private BillingCsvReader streamingReader() {
        try {
            return open(bytes.stream(), source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputFileException(source, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Records handed from a parsing thread to the reading thread at a time. */
    private static final class Batch {
        final long[] lines = new long[BATCH_ROWS];
        final Object[] judged = new Object[BATCH_ROWS];
        int count;

        boolean add(long line, Object verdict) {
            lines[count] = line;
            judged[count] = verdict;
            return ++count == BATCH_ROWS;
        }
    }

    /** Ends a parsing thread's batches: the end of the file, or the fast path handing the file back. */
    private static final Object END = new Object();
    private static final Object GAVE_UP = new Object();

    /** The first half's parser reached the split point on a record boundary: the second half's records count. */
    private record HalfDone(long splitLine) {}

    /** A parsing thread's failure (a judge's exception or an error), rethrown on the reading thread. */
    private record Failure(Throwable cause) {}

    /** The FastCSV path: one parsing thread, which also judges. */
    private <J> void readStreaming(BillingRecordSink<J> sink) {
        BlockingQueue<Object> batches = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT_MAX);
        Function<String[], J> judge = sink.newJudge();
        Thread parser = Thread.ofPlatform().name("billing-csv-parser").daemon().start(() -> parseInto(batches, judge));
        try {
            drain(batches, parser, sink, 0);
        } finally {
            parser.interrupt();
        }
    }

    /**
     * The fast path: the records after the split point (a line break near the middle) are parsed
     * and judged on a second thread while the first parses up to it. The second half is a guess
     * that the split point starts a record; a quoted field may hold a line break, so the guess
     * holds only when the first thread arrives at the split point exactly. If it does not, the
     * first thread reads on to the end and the second's work is dropped. False when the file was
     * handed back (the sink has then seen part of it).
     */
    private <J> boolean readFast(BillingRecordSink<J> sink) {
        long split = splitPoint();
        // Not bounded, unlike the FastCSV path's: the second half is parsed and judged while the
        // reading thread is still on the first, so its verdicts wait, up to half the file's; and a
        // parser blocked on a full queue after a wrong guess would never be released. The verdicts
        // are what the in-order pass keeps anyway (2,000,000 records read in a 1 GiB heap).
        BlockingQueue<Object> first = new LinkedBlockingQueue<>();
        BlockingQueue<Object> second = new LinkedBlockingQueue<>();
        AtomicBoolean stopFirst = new AtomicBoolean();
        AtomicBoolean stopSecond = new AtomicBoolean();
        boolean[] unread = header.unreadColumns();
        Function<String[], J> firstJudge = sink.newJudge();
        Thread firstParser = Thread.ofPlatform().name("billing-csv-parser-1").daemon().start(() ->
                parseRange(bodyStart, bodyStartLine, split, unread, firstJudge, first, stopFirst, stopSecond));
        Thread secondParser = null;
        if (split < bytes.size()) {
            Function<String[], J> secondJudge = sink.newJudge();
            secondParser = Thread.ofPlatform().name("billing-csv-parser-2").daemon().start(() ->
                    parseRange(split, 0, Long.MAX_VALUE, unread, secondJudge, second, stopSecond, stopSecond));
        }
        try {
            Object end = drain(first, firstParser, sink, 0);
            if (end instanceof HalfDone half) {
                end = drain(second, secondParser, sink, half.splitLine());
            }
            return end == END;
        } finally {
            stopFirst.set(true);
            stopSecond.set(true);
        }
    }

    /** Where the second parsing thread starts: after the first line feed past the middle; the file's size for none. */
    private long splitPoint() {
        long size = bytes.size();
        if (size - bodyStart < Math.max(1, splitBytesMin)) {
            return size;
        }
        long middle = splitSearchFrom < 0 ? bodyStart + (size - bodyStart) / 2 : Math.max(bodyStart, splitSearchFrom);
        byte[] window = new byte[SPLIT_WINDOW_BYTES];
        try {
            int n = bytes.read(middle, window, 0, window.length);
            for (int i = 0; i < n; i++) {
                if (window[i] == '\n') {
                    return middle + i + 1;
                }
            }
        } catch (IOException e) {
            // no split: the first thread reads it all, and says what is wrong
        }
        return size;
    }

    /** How far past the middle a line feed is looked for; a line is far shorter. */
    private static final int SPLIT_WINDOW_BYTES = 64 * 1024;

    /**
     * Runs on a fast-path parsing thread: parses and judges the records from {@code from} (a
     * record's start, on line {@code firstLine}, or 0 for line numbers relative to it) until the
     * end of the file, or until {@code stopAt} when a record starts exactly there ({@link HalfDone});
     * a record across {@code stopAt} means the second thread guessed wrong: it is stopped, and this
     * one reads on.
     */
    private <J> void parseRange(long from, long firstLine, long stopAt, boolean[] unread, Function<String[], J> judge,
            BlockingQueue<Object> out, AtomicBoolean stop, AtomicBoolean stopSecond) {
        try {
            Utf8Records records = new Utf8Records(bytes, from, chunkBytes);
            records.skipColumns(unread);
            records.stopAt(stopAt);
            Batch batch = new Batch();
            while (true) {
                int found = records.next();
                if (found == Utf8Records.RECORD) {
                    if (batch.add(firstLine + records.recordNewlines(), judge.apply(records.fields()))) {
                        if (stop.get()) {
                            return; // the reading thread is done with this half
                        }
                        out.add(batch);
                        batch = new Batch();
                    }
                    if (records.position() > stopAt) {
                        stopSecond.set(true); // a quoted line break across the split point
                        stopAt = Long.MAX_VALUE;
                        records.stopAt(stopAt);
                    }
                    continue;
                }
                if (found == Utf8Records.GAVE_UP) {
                    out.add(GAVE_UP);
                    return;
                }
                out.add(batch);
                out.add(found == Utf8Records.AT_STOP ? new HalfDone(firstLine + records.newlines()) : END);
                return;
            }
        } catch (RuntimeException | Error e) {
            out.add(new Failure(e));
        }
    }

    /**
     * Hands the batches of {@code batches} to {@code sink}, line numbers moved by {@code lineOffset},
     * until the parsing thread's last word, which it returns ({@link #END}, {@link #GAVE_UP},
     * a {@link HalfDone}); a parsing thread's failure is thrown. A thread that ended without its last
     * word (it could not even report its failure: out of memory) is a failure too, not a wait for ever.
     */
    @SuppressWarnings("unchecked")
    private <J> Object drain(BlockingQueue<Object> batches, Thread parser, BillingRecordSink<J> sink, long lineOffset) {
        try {
            while (true) {
                Object next = batches.poll(1, TimeUnit.SECONDS);
                if (next == null) {
                    if (!parser.isAlive() && batches.isEmpty()) {
                        throw new IllegalStateException("the thread parsing " + source + " ended without finishing it"
                                + " (out of memory?)");
                    }
                } else if (next instanceof Batch batch) {
                    for (int i = 0; i < batch.count; i++) {
                        sink.accept(batch.lines[i] + lineOffset, (J) batch.judged[i]);
                    }
                } else if (next instanceof Failure failure) {
                    if (failure.cause() instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure.cause();
                } else {
                    return next;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + source, e);
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
        if (csv == null) {
            try {
                bytes.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
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
