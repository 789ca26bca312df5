package io.ledgerflow.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.generate.BillingGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UTF-8 fast path ({@link Utf8Records}, two parsing threads) against the FastCSV path as the
 * oracle: the same records (line numbers and fields, skipped columns included) or the same
 * failure, for hand-written nasty files, random ones, and generated days; and the fast path really
 * reads the plain ones (it does not just hand every file back).
 */
class BillingCsvReaderFastPathTest {

    private static final String HEADER = "billing_id,invoice_id,business_date,site_code,customer_code,billing_type,"
            + "tax_code,quantity,unit_price,currency,description";
    private static final String ROW = "B1,I1,2026-11-20,S,C,FREIGHT,S10,1,1,JPY,d";

    /** What a read produced: its records, or its failure's message; and how many sinks it took. */
    private record Outcome(List<String> records, String failure, int sinks) {}

    private static Outcome oracle(byte[] bytes) {
        List<String> records = new ArrayList<>();
        try (BillingCsvReader reader = BillingCsvReader.open(new ByteArrayInputStream(bytes), "in.csv", StandardCharsets.UTF_8)) {
            reader.forEach(row -> records.add(row.lineNumber() + " " + Arrays.toString(row.fields())));
        } catch (BadInputFileException e) {
            return new Outcome(List.of(), e.getMessage(), 1);
        }
        return new Outcome(records, null, 1);
    }

    private static Outcome fast(byte[] bytes, int splitBytesMin) {
        return fast(bytes, splitBytesMin, 1 << 20);
    }

    private static Outcome fast(byte[] bytes, int splitBytesMin, int chunkBytes) {
        return fast(bytes, splitBytesMin, chunkBytes, -1);
    }

    /** Split at the first line feed from byte {@code from} on, however small the file. */
    private static Outcome fastSplitFrom(byte[] bytes, long from, int chunkBytes) {
        return fast(bytes, 1, chunkBytes, from);
    }

    private static Outcome fast(byte[] bytes, int splitBytesMin, int chunkBytes, long splitSearchFrom) {
        AtomicInteger sinks = new AtomicInteger();
        try (BillingCsvReader reader = BillingCsvReader.openFast(ByteSource.of(bytes), "in.csv", splitBytesMin, chunkBytes,
                splitSearchFrom)) {
            Recorder recorder = reader.readAll(() -> {
                sinks.incrementAndGet();
                return new Recorder();
            });
            return new Outcome(recorder.records, null, sinks.get());
        } catch (BadInputFileException e) {
            return new Outcome(List.of(), e.getMessage(), sinks.get());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Records what it is handed: its judge, on the parsing threads, makes each record's text. */
    private static final class Recorder implements BillingRecordSink<String> {
        final List<String> records = new ArrayList<>();

        @Override
        public Function<String[], String> newJudge() {
            return Arrays::toString;
        }

        @Override
        public void accept(long lineNumber, String judged) {
            records.add(lineNumber + " " + judged);
        }
    }

    /**
     * Asserts that both paths agree, split or not, read in chunks from a few bytes (a record
     * across chunks) to more than the file; returns the fast path's largest sink count.
     */
    private static int assertSame(byte[] bytes) {
        Outcome expected = oracle(bytes);
        int sinks = 0;
        for (int splitBytesMin : new int[] {1, 64, Integer.MAX_VALUE}) {
            for (int chunkBytes : new int[] {7, 61, 1 << 20}) {
                Outcome actual = fast(bytes, splitBytesMin, chunkBytes);
                assertThat(actual.failure()).as("failure, split from %d bytes, chunks of %d", splitBytesMin, chunkBytes)
                        .isEqualTo(expected.failure());
                assertThat(actual.records()).as("records, split from %d bytes, chunks of %d", splitBytesMin, chunkBytes)
                        .isEqualTo(expected.records());
                sinks = Math.max(sinks, actual.sinks());
            }
        }
        return sinks;
    }

    private static int assertSame(String text) {
        return assertSame(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainFiles_areReadByTheFastPath_asTheOracleReadsThem() {
        // given files of every usual shape: LF, CRLF, BOM, blank lines, quoted commas and quotes, UTF-8 text, no final line break
        String[] files = {
            HEADER + "\n" + ROW + "\n",
            HEADER + "\r\n" + ROW + "\r\n" + ROW.replace("B1", "B2") + "\r\n",
            "\uFEFF" + HEADER + "\n" + ROW + "\n",
            HEADER + "\n\n" + ROW + "\n\r\n\n" + ROW.replace("B1", "B2"),
            HEADER + "\n" + ROW.replace(",d", ",\"Pallet storage, cold chain\"") + "\n",
            HEADER + "\n" + ROW.replace(",d", ",\"say \"\"hi\"\", 冷凍\"") + "\n",
            HEADER + "\n" + ROW.replace(",d", ",冷凍保管料 🚚") + "\n",
            HEADER + "\n" + ROW.replace("S10", "\"S10\"").replace(",d", ",\"\"") + "\n",
            HEADER + "\nB1,I1\n" + ROW + ",extra\n" + ROW + "\n",
            HEADER + "\n" + ROW + ",\n,,,,,,,,,,\n",
            HEADER + "\n   \n \t\n" + ROW + "\n",
            HEADER + ",extra column\n" + ROW + ",x\n" + ROW + ",\n",
        };
        for (String file : files) {
            // when both paths read it, then the fast path did, with the oracle's records
            assertThat(assertSame(file)).as(file).isEqualTo(1);
        }
    }

    @Test
    void quotedLineBreaks_areOneRecord_evenAcrossTheSplitPoint() {
        // given a quoted field with line breaks (LF and CRLF) in the middle of the file, where the split falls
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 50; i++) {
            text.append(ROW.replace("B1", "B" + i)).append('\n');
        }
        text.append(ROW.replace(",d", ",\"line\nbreaks\r\n" + "x\n".repeat(200) + "end\"")).append('\n');
        for (int i = 0; i < 50; i++) {
            text.append(ROW.replace("B1", "C" + i)).append('\n');
        }
        // when read with the split at each line break from the start to the end (inside the quoted
        // field too), then as the oracle reads it
        assertThat(assertSame(text.toString())).isEqualTo(1);
        byte[] bytes = utf8(text.toString());
        Outcome expected = oracle(bytes);
        for (int from = 0; from < bytes.length; from += 29) {
            assertThat(fastSplitFrom(bytes, from, 1 << 20).records()).as("split from byte %d", from).isEqualTo(expected.records());
            assertThat(fastSplitFrom(bytes, from, 53).records()).as("split from byte %d, chunks of 53", from)
                    .isEqualTo(expected.records());
        }
    }

    @Test
    void badFiles_failWithTheOraclesMessage() {
        byte[][] files = {
            utf8(""),
            utf8("\uFEFF"),
            utf8("\n\n"),
            utf8("billing_id,invoice_id\n" + ROW + "\n"),
            concat(utf8(HEADER + "\n" + ROW + "\nB2,I1,2026-11-20,S,C,"), new byte[] {(byte) 0xff}, utf8(",S10,1,1,JPY,\n")),
            concat(utf8(HEADER + "\n" + ROW.replace(",d", ",\"two\nlines\"") + "\n"), new byte[] {(byte) 0xC0, (byte) 0x80}),
            concat(utf8(HEADER + "\n" + ROW + ","), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\n")),
            concat(utf8(HEADER + "\n" + ROW + ","), new byte[] {(byte) 0xE6, (byte) 0x97}),
            concat(utf8(HEADER + "\n" + ROW + ","), new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
            utf8(HEADER + "\n" + ROW + ",\"never closed\nB2,...\n"),
            utf8(HEADER + "\n" + ROW.replace(",d", ",\"closed\"then more") + "\n"),
            utf8(HEADER + "\n" + ROW.replace(",d", ",a\"b") + "\n"),
            utf8(HEADER + "\n" + ROW + "\rB2,I1\n"),
            utf8(HEADER + "\n" + ROW.replace(",d", ",\"lone\rcr\"") + "\n"),
            utf8(HEADER + "\n\"\"\n" + ROW + "\n"),
            utf8(HEADER + "\n" + ROW.replace(",d", ",\"" + "x".repeat(1024 * 1024 + 10) + "\"") + "\n"),
            utf8(HEADER + "\n" + ",".repeat(1500) + "\n" + ROW + "\n"),
            utf8("billing_id,invoice_id,billing_id\n"),
        };
        for (byte[] file : files) {
            assertSame(file);
        }
    }

    @Test
    void randomFiles_readAsTheOracleReadsThem() {
        // given random files built of the characters that matter to CSV, UTF-8 text and bad bytes
        String[] pieces = {",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "a", "B7", "1.5", "冷", "é", "🚚", ROW, "\n" + ROW};
        byte[][] rawPieces = {{(byte) 0xff}, {(byte) 0xE5, (byte) 0x86}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}};
        Random random = new Random(20261130);
        for (int file = 0; file < 1_500; file++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (random.nextInt(10) == 0) {
                out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            out.writeBytes(utf8(HEADER + (random.nextBoolean() ? "\n" : "\r\n")));
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(40) == 0) {
                    out.writeBytes(rawPieces[random.nextInt(rawPieces.length)]);
                } else {
                    out.writeBytes(utf8(pieces[random.nextInt(pieces.length)]));
                }
            }
            // when both paths read it (the fast one whole, and split with chunks of a size drawn
            // for this file), then the same records or the same failure
            byte[] bytes = out.toByteArray();
            Outcome expected = oracle(bytes);
            int[] splits = {1, 64, Integer.MAX_VALUE};
            int[] chunks = {7, 61, 1 << 20};
            int splitBytesMin = splits[random.nextInt(2)];
            int chunkBytes = chunks[random.nextInt(chunks.length)];
            for (Outcome actual : List.of(fast(bytes, Integer.MAX_VALUE), fast(bytes, splitBytesMin, chunkBytes))) {
                assertThat(actual.failure()).as("file %d, split from %d bytes, chunks of %d", file, splitBytesMin, chunkBytes)
                        .isEqualTo(expected.failure());
                assertThat(actual.records()).as("file %d, split from %d bytes, chunks of %d", file, splitBytesMin, chunkBytes)
                        .isEqualTo(expected.records());
            }
        }
    }

    @Test
    void generatedDays_areReadByTheFastPathOnTwoThreads(@TempDir Path dir) throws Exception {
        // given a generated day of 20,000 records (bad lines included) in a file
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(LocalDate.of(2026, 11, 20), 20_000, 3, 0.01, 0.1)).write(text);
        byte[] bytes = utf8(text.toString());
        Path file = dir.resolve("day.csv");
        Files.write(file, bytes);
        Outcome expected = oracle(bytes);
        // when opened by path (split in two: the file is larger than the split threshold), then the oracle's records
        AtomicInteger sinks = new AtomicInteger();
        try (BillingCsvReader reader = BillingCsvReader.open(file, StandardCharsets.UTF_8)) {
            Recorder recorder = reader.readAll(() -> {
                sinks.incrementAndGet();
                return new Recorder();
            });
            assertThat(recorder.records).isEqualTo(expected.records());
        }
        assertThat(sinks.get()).isEqualTo(1);
        assertThat(bytes.length).isGreaterThan(256 * 1024);
    }
}
