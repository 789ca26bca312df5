package io.ledgerflow.core.partition;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.billing.BillingRow;
import io.ledgerflow.core.billing.Column;
import io.ledgerflow.core.billing.LineChecks;
import io.ledgerflow.core.files.Folders;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A day's billing file split into invoice-complete partitions with memory bounded by a bucket, not
 * by the file: what {@link DayPartitioner} does, through files in a work directory.
 *
 * <ol>
 *   <li>{@link #spill}: one pass over the file. Each row goes to a bucket file chosen by a hash of
 *       its invoice (so an invoice's lines meet in one bucket), each billing_id to a bucket file
 *       chosen by a hash of the id. A bad file fails here, before the caller writes anything.</li>
 *   <li>Duplicates: each id bucket alone says which rows repeat an earlier id (one bit per
 *       well-formed row).</li>
 *   <li>Groups: each row bucket alone is grouped by invoice, in first-appearance order, and
 *       written back as a run of whole invoices sorted by their first line.</li>
 *   <li>{@link #forEachPartition}: the buckets' runs merged by first line give the invoices in the
 *       order they first appear in the file, packed into partitions exactly as before.</li>
 * </ol>
 *
 * Heap: one bucket's bytes (about {@link #BUCKET_BYTES_TARGET}; the file's size over
 * {@link #BUCKETS_MAX} past that), one bit per row, and the partition being packed (an invoice
 * larger than a partition is still held whole: it is journalized whole). Disk: about twice the
 * file at the peak, removed on {@link #close}.
 */
public final class SpilledDay implements Closeable {

    /** Bytes of the file per bucket aimed at: a bucket is what the heap holds at once. */
    static final long BUCKET_BYTES_TARGET = 8L * 1024 * 1024;
    /** Buckets at most: two files open per bucket while spilling. */
    static final int BUCKETS_MAX = 128;
    /** Buckets when the file's size is not known. */
    static final int BUCKETS_UNKNOWN_SIZE = 16;
    private static final int BUFFER_BYTES = 16 * 1024;

    private final Path dir;
    private final List<String> header;
    private final int partitionLines;
    private final int buckets;
    private final long rows;
    private final BitSet duplicates = new BitSet();

    private SpilledDay(Path dir, List<String> header, int partitionLines, int buckets, long rows) {
        this.dir = dir;
        this.header = header;
        this.partitionLines = partitionLines;
        this.buckets = buckets;
        this.rows = rows;
    }

    /** The number of buckets for a file of this size; {@code sizeBytes} < 0 when unknown. */
    static int bucketsFor(long sizeBytes) {
        if (sizeBytes < 0) {
            return BUCKETS_UNKNOWN_SIZE;
        }
        return (int) Math.clamp((sizeBytes + BUCKET_BYTES_TARGET - 1) / BUCKET_BYTES_TARGET, 1, BUCKETS_MAX);
    }

    /**
     * Reads the whole file into bucket files under a new directory in {@code workDir} and settles
     * duplicates and invoice groups; nothing is written anywhere else.
     *
     * @param sizeBytes the file's size, to choose the number of buckets (negative when unknown)
     */
    public static SpilledDay spill(BillingCsvReader reader, int partitionLines, Path workDir, long sizeBytes) {
        if (partitionLines < 1 || partitionLines > DayPartitioner.PARTITION_LINES_MAX) {
            throw new IllegalArgumentException("partition size must be 1.." + DayPartitioner.PARTITION_LINES_MAX + " lines");
        }
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "split-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory in " + workDir + ": " + e.getMessage(), e);
        }
        int buckets = bucketsFor(sizeBytes);
        SpilledDay day = null;
        try {
            long rows = spillRows(reader, dir, buckets);
            day = new SpilledDay(dir, reader.headerNames(), partitionLines, buckets, rows);
            day.settleDuplicates();
            day.groupInvoices();
            return day;
        } catch (IOException e) {
            Folders.deleteQuietly(dir); // a leftover in the temporary directory; the next split does not read it
            throw new UncheckedIOException("cannot split " + reader.source() + " in " + workDir + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            Folders.deleteQuietly(dir);
            throw e;
        }
    }

    /** The rows of the file (every record after the header). */
    public long rows() {
        return rows;
    }

    /**
     * Hands the partitions to {@code sink} in order, each built when the previous one is done;
     * returns how many there were.
     */
    public int forEachPartition(Consumer<Partition> sink) {
        List<GroupCursor> cursors = new ArrayList<>(buckets);
        try {
            PriorityQueue<GroupCursor> next = new PriorityQueue<>(Comparator.comparingLong(GroupCursor::firstLine));
            for (int b = 0; b < buckets; b++) {
                GroupCursor cursor = new GroupCursor(in(groupsFile(b)));
                cursors.add(cursor);
                if (cursor.advance()) {
                    next.add(cursor);
                }
            }
            int index = 0;
            List<PartitionRow> current = new ArrayList<>();
            while (!next.isEmpty()) {
                GroupCursor cursor = next.poll();
                List<PartitionRow> group = cursor.readGroup(duplicates);
                if (!current.isEmpty() && current.size() + group.size() > partitionLines) {
                    sink.accept(new Partition(index++, header, current));
                    current = new ArrayList<>();
                }
                current.addAll(group);
                if (cursor.advance()) {
                    next.add(cursor);
                }
            }
            if (!current.isEmpty()) {
                sink.accept(new Partition(index++, header, current));
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the split in " + dir + ": " + e.getMessage(), e);
        } finally {
            for (GroupCursor cursor : cursors) {
                cursor.closeQuietly();
            }
        }
    }

    @Override
    public void close() {
        Folders.deleteQuietly(dir);
    }

    // ---- pass 1: rows by invoice, ids by id ----

    private static long spillRows(BillingCsvReader reader, Path dir, int buckets) throws IOException {
        int fieldCount = reader.headerNames().size();
        int billingIdAt = reader.header().position(Column.BILLING_ID);
        int invoiceIdAt = reader.header().position(Column.INVOICE_ID);
        DataOutputStream[] rowOut = new DataOutputStream[buckets];
        DataOutputStream[] idOut = new DataOutputStream[buckets];
        long[] counts = new long[2]; // rows, well-formed rows
        try {
            for (int b = 0; b < buckets; b++) {
                rowOut[b] = out(rowsFile(dir, b));
                idOut[b] = out(idsFile(dir, b));
            }
            ByteArrayOutputStream record = new ByteArrayOutputStream(256);
            DataOutputStream recordOut = new DataOutputStream(record);
            reader.forEach(row -> {
                try {
                    spillRow(row, fieldCount, billingIdAt, invoiceIdAt, counts, record, recordOut, rowOut, idOut);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            closeAll(rowOut);
            closeAll(idOut);
        }
        return counts[0];
    }

    private static void spillRow(BillingRow row, int fieldCount, int billingIdAt, int invoiceIdAt, long[] counts,
            ByteArrayOutputStream record, DataOutputStream recordOut, DataOutputStream[] rowOut,
            DataOutputStream[] idOut) throws IOException {
        counts[0]++;
        int wellFormed = -1;
        String group = "#" + row.lineNumber(); // a line with no valid invoice id stands alone
        if (row.fieldCount() == fieldCount) {
            if (counts[1] == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " rows in one file");
            }
            wellFormed = (int) counts[1]++;
            String billingId = row.fields()[billingIdAt];
            if (!billingId.isEmpty()) {
                DataOutputStream ids = idOut[bucketOf(billingId, idOut.length)];
                ids.writeInt(wellFormed);
                writeString(ids, billingId);
            }
            String invoiceId = row.fields()[invoiceIdAt];
            if (LineChecks.isId(invoiceId, LineChecks.INVOICE_ID_CHARS_MAX)) {
                group = invoiceId;
            }
        }
        record.reset();
        recordOut.writeLong(row.lineNumber());
        recordOut.writeInt(wellFormed);
        String[] fields = row.fields();
        recordOut.writeInt(fields.length);
        for (String field : fields) {
            writeString(recordOut, field);
        }
        recordOut.flush();
        DataOutputStream rows = rowOut[bucketOf(group, rowOut.length)];
        rows.writeLong(row.lineNumber());
        writeString(rows, group);
        rows.writeInt(record.size());
        record.writeTo(rows);
    }

    // ---- pass 2: duplicates, one id bucket at a time ----

    /** DESIGN's DUPLICATE_BILLING_ID: the id was on an earlier well-formed row, whatever became of it. */
    private void settleDuplicates() throws IOException {
        for (int b = 0; b < buckets; b++) {
            Path file = idsFile(dir, b);
            Set<String> seen = new HashSet<>();
            try (DataInputStream in = in(file)) {
                while (true) {
                    int wellFormed;
                    try {
                        wellFormed = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    if (!seen.add(readString(in))) { // ids are spilled in file order
                        duplicates.set(wellFormed);
                    }
                }
            }
            Files.delete(file);
        }
    }

    // ---- pass 3: whole invoices, one row bucket at a time ----

    private void groupInvoices() throws IOException {
        for (int b = 0; b < buckets; b++) {
            Path file = rowsFile(dir, b);
            // Insertion order is first appearance: the bucket holds its rows in file order.
            Map<String, Group> groups = new LinkedHashMap<>();
            try (DataInputStream in = in(file)) {
                while (true) {
                    long line;
                    try {
                        line = in.readLong();
                    } catch (EOFException end) {
                        break;
                    }
                    String key = readString(in);
                    byte[] record = new byte[in.readInt()];
                    in.readFully(record);
                    groups.computeIfAbsent(key, k -> new Group(line)).records.add(record);
                }
            }
            try (DataOutputStream out = out(groupsFile(b))) {
                for (Group group : groups.values()) {
                    out.writeLong(group.firstLine);
                    out.writeInt(group.records.size());
                    for (byte[] record : group.records) {
                        out.writeInt(record.length);
                        out.write(record);
                    }
                }
            }
            Files.delete(file);
        }
    }

    private static final class Group {
        final long firstLine;
        final List<byte[]> records = new ArrayList<>(4);

        Group(long firstLine) {
            this.firstLine = firstLine;
        }
    }

    // ---- pass 4: the buckets' invoices merged by first line ----

    private static final class GroupCursor {
        private final DataInputStream in;
        private long firstLine;
        private int rows;

        GroupCursor(DataInputStream in) {
            this.in = in;
        }

        long firstLine() {
            return firstLine;
        }

        /** Moves to the next group; false at the end of the bucket. */
        boolean advance() throws IOException {
            try {
                firstLine = in.readLong();
            } catch (EOFException end) {
                return false;
            }
            rows = in.readInt();
            return true;
        }

        List<PartitionRow> readGroup(BitSet duplicates) throws IOException {
            List<PartitionRow> group = new ArrayList<>(rows);
            long line = firstLine;
            for (int i = 0; i < rows; i++) {
                byte[] record = new byte[in.readInt()];
                in.readFully(record);
                group.add(decode(record, i == 0 ? line : -1, duplicates));
            }
            return group;
        }

        void closeQuietly() {
            try {
                in.close();
            } catch (IOException ignored) {
                // the directory goes anyway
            }
        }
    }

    /** A row back from its record; {@code knownLine} is the group's first line for its first row, else -1. */
    private static PartitionRow decode(byte[] bytes, long knownLine, BitSet duplicates) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        long line = in.readLong();
        int wellFormed = in.readInt();
        String[] fields = new String[in.readInt()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = readString(in);
        }
        if (knownLine >= 0 && knownLine != line) {
            throw new IllegalStateException("split corrupted: group of line " + knownLine + " starts at line " + line);
        }
        return new PartitionRow(line, wellFormed >= 0 && duplicates.get(wellFormed), fields);
    }

    // ---- files ----

    private static int bucketOf(String key, int buckets) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b; // spread String.hashCode's low bits (murmur3's finalizer)
        h ^= h >>> 13;
        return Math.floorMod(h, buckets);
    }

    private static Path rowsFile(Path dir, int b) {
        return dir.resolve("rows-" + b);
    }

    private static Path idsFile(Path dir, int b) {
        return dir.resolve("ids-" + b);
    }

    private Path groupsFile(int b) {
        return dir.resolve("groups-" + b);
    }

    private static DataOutputStream out(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES));
    }

    private static DataInputStream in(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void closeAll(DataOutputStream[] outs) throws IOException {
        IOException first = null;
        for (DataOutputStream out : outs) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
