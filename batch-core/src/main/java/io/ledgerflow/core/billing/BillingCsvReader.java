package io.ledgerflow.core.billing;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
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
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final BillingHeader header;

    private BillingCsvReader(String source, InputStream in, Charset charset) {
        this.source = source;
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
                .ofCsvRecord(new DecodingReader(in, charset));
        this.records = csv.iterator();
        CsvRecord first = nextRecord();
        if (first == null) {
            throw new BadInputFileException(source, 0, "the file is empty: expected a header row", null);
        }
        this.header = BillingHeader.parse(source, first.getFields());
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

    public String source() {
        return source;
    }

    /** Hands every record after the header to {@code action}, in file order. */
    public void forEach(Consumer<BillingRow> action) {
        for (CsvRecord record = nextRecord(); record != null; record = nextRecord()) {
            List<String> fields = record.getFields();
            action.accept(new BillingRow(record.getStartingLineNumber(), fields.toArray(String[]::new)));
        }
    }

    private CsvRecord nextRecord() {
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
