package io.ledgerflow.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Not a test: the bare baseline of {@code ci/bench-journalize} as a process of its own (JVM start
 * included), so that it can be timed side by side with {@code ./ledgerflow journalize}: decode,
 * read and split every record of a billing CSV with the same CSV library, count them, nothing else.
 *
 * <p>Usage: {@code BareReadSplit FILE}; prints the number of records after the header.
 */
public final class BareReadSplit {

    public static void main(String[] args) throws IOException {
        System.out.println(baseline(Path.of(args[0])));
    }

    /** The bare baseline: decode, read and split every record; no validation, no calculation. */
    static long baseline(Path input) throws IOException {
        long lines = 0;
        long fields = 0;
        try (CsvReader<CsvRecord> csv = CsvReader.builder().allowExtraFields(true).allowMissingFields(true)
                .ofCsvRecord(input, StandardCharsets.UTF_8)) {
            for (CsvRecord record : csv) {
                lines++;
                fields += record.getFieldCount();
            }
        }
        if (fields == 0) {
            throw new IllegalStateException("no fields read");
        }
        return lines - 1; // header
    }
}
