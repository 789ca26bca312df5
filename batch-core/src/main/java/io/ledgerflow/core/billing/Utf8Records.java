package io.ledgerflow.core.billing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a UTF-8 billing file, from a given byte on, into records and fields, the fast path of
 * {@link BillingCsvReader}: the bytes read by position in chunks ({@link ByteSource}), no decoding
 * to chars, a String made only for a field whose text differs from its column's last one. It
 * exists because reading was half of journalize's time, and because bytes can be split at a line
 * break and read on two cores, which a decoding Reader cannot.
 *
 * <p>Splitting bytes is splitting characters here: in UTF-8 the bytes of {@code , " \r \n} never
 * occur inside a multi-byte character. This class only ever <em>gives up</em> ({@link #GAVE_UP}):
 * on anything it does not read exactly as FastCSV over {@link DecodingReader} does (a byte
 * sequence that is not UTF-8, a quote inside an unquoted field, characters after a closing quote,
 * an unclosed quote, a carriage return not followed by a line feed, a record of a lone quoted
 * empty field, a very long record or very many fields); the reader then reads the whole file the
 * old way, which reports a bad file with its usual message. BillingCsvReaderFastPathTest holds
 * both ways to the same records.
 */
final class Utf8Records {

    /** {@link #next} found a record: {@link #fieldCount} fields, starting {@link #recordNewlines} line feeds in. */
    static final int RECORD = 1;
    /** {@link #next} reached the end of the range. */
    static final int END = 0;
    /** {@link #next} met something this class does not read: use the decoding reader instead. */
    static final int GAVE_UP = -1;
    /** {@link #next} arrived exactly at the position given to {@link #stopAt}, between records. */
    static final int AT_STOP = 2;
    /** Within this class: the chunk ends inside the record; read more and parse it again. */
    private static final int NEED_MORE = 3;

    /** As BillingRowHandler's cap; more fields than this are read the old way. */
    private static final int FIELDS_MAX = 1_024;
    /**
     * Records longer than this are read the old way, whose limit is in characters
     * ({@code BillingCsvReader}'s 1 MiB): far below it, so this path never accepts a record the old
     * one refuses.
     */
    private static final int RECORD_BYTES_MAX = 256 * 1024;
    /** Fields longer than this are not kept for reuse: billing fields are short. */
    private static final int REUSED_BYTES_MAX = 64;

    private static final byte PLAIN = 0;
    private static final byte COMMA = 1;
    private static final byte LF = 2;
    private static final byte CR = 3;
    private static final byte QUOTE = 4;
    private static final byte HIGH = 5;
    /** What each byte means to the scanner: one table load per byte instead of five comparisons. */
    private static final byte[] KIND = new byte[256];

    static {
        KIND[','] = COMMA;
        KIND['\n'] = LF;
        KIND['\r'] = CR;
        KIND['"'] = QUOTE;
        for (int b = 0x80; b < 0x100; b++) {
            KIND[b] = HIGH;
        }
    }

    private static final int QUOTED = 1;
    private static final int ESCAPED = 2;
    private static final int NON_ASCII = 4;

    private final ByteSource source;
    /** The chunk: {@code bytes[0, limit)} holds the file from {@code base}; records are parsed up to {@code end}. */
    private byte[] bytes;
    private long base;
    private int limit;
    /**
     * Just past the chunk's last line feed (a record that reaches it is cut by the chunk's end:
     * {@link #NEED_MORE}), or {@code limit} at the end of the file. Every look-ahead of the parser
     * stays before a line feed, so none passes it.
     */
    private int end;
    private boolean eof;
    private int pos;
    private long stopAt = Long.MAX_VALUE;
    /** Line feeds met since the range's start. */
    private long newlines;

    /** The last record found by {@link #next}. */
    private int fieldCount;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int[] flags = new int[16];
    private long recordNewlines;

    /** Per column, the last field's bytes and its String (see BillingRowHandler: most columns repeat). */
    private byte[][] lastBytes = new byte[16][];
    private int[] lastLengths = new int[16];
    private String[] lastStrings = new String[16];
    /** The array {@link #fields} fills: a judge reads it and lets it go, so one serves every record of a width. */
    private String[] fields = new String[0];
    private boolean[] skipped = new boolean[0];
    private byte[] unescaped = new byte[64];

    /** Reads {@code source} from byte {@code from} (a record's start) to its end, in chunks of {@code chunkBytes}. */
    Utf8Records(ByteSource source, long from, int chunkBytes) {
        this.source = source;
        this.bytes = new byte[chunkBytes];
        this.base = from;
        this.eof = from >= source.size();
    }

    /** Where a file's records start: after a UTF-8 byte-order mark, if any (DecodingReader drops it too). */
    static long bodyStart(ByteSource source) throws IOException {
        byte[] head = new byte[3];
        int n = 0;
        while (n < 3) {
            int read = source.read(n, head, n, 3 - n);
            if (read <= 0) {
                return 0;
            }
            n += read;
        }
        return head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF ? 3 : 0;
    }

    /**
     * Moves the unparsed rest of the chunk to its front and reads on; false when that cannot help
     * (a record longer than any this class reads) or the source fails (FastCSV then says how).
     */
    private boolean refill() {
        int keep = limit - pos;
        if (keep == bytes.length) {
            if (bytes.length > RECORD_BYTES_MAX) {
                return false;
            }
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        System.arraycopy(bytes, pos, bytes, 0, keep);
        base += pos;
        pos = 0;
        limit = keep;
        try {
            while (limit < bytes.length && !eof) {
                int n = source.read(base + limit, bytes, limit, bytes.length - limit);
                if (n <= 0) {
                    eof = true;
                } else {
                    limit += n;
                    eof = base + limit >= source.size();
                }
            }
        } catch (IOException e) {
            return false;
        }
        end = limit;
        if (!eof) {
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
        }
        return true;
    }

    /** Columns whose text nobody reads: a non-empty field there becomes {@link BillingRowHandler#SKIPPED}. */
    void skipColumns(boolean[] columns) {
        this.skipped = columns.clone();
    }

    /** Makes {@link #next} answer {@link #AT_STOP} when a record or blank line would start at byte {@code position}. */
    void stopAt(long position) {
        this.stopAt = position;
    }

    /** The byte of the file where the next record or blank line starts. */
    long position() {
        return base + pos;
    }

    long newlines() {
        return newlines;
    }

    int fieldCount() {
        return fieldCount;
    }

    /** Line feeds between the range's start and the last record's start. */
    long recordNewlines() {
        return recordNewlines;
    }

    /**
     * Reads the next record from the current position, skipping blank lines: {@link #RECORD},
     * {@link #END}, {@link #AT_STOP} or {@link #GAVE_UP}.
     */
    int next() {
        while (true) {
            int found = nextInChunk();
            if (found != NEED_MORE) {
                return found;
            }
            if (!refill()) {
                return GAVE_UP;
            }
        }
    }

    private int nextInChunk() {
        while (pos < end) {
            if (base + pos == stopAt) {
                return AT_STOP;
            }
            byte b = bytes[pos];
            if (b == '\n') {
                pos++;
                newlines++;
            } else if (b == '\r' && pos + 1 < end && bytes[pos + 1] == '\n') {
                pos += 2;
                newlines++;
            } else {
                int found = record();
                if (found == NEED_MORE) {
                    newlines = recordNewlines; // the record is parsed again from its start
                }
                return found;
            }
        }
        return eof ? END : NEED_MORE;
    }

    private int record() {
        int recordStart = pos;
        recordNewlines = newlines;
        fieldCount = 0;
        int p = pos;
        while (true) {
            if (fieldCount == FIELDS_MAX) {
                return GAVE_UP;
            }
            if (fieldCount == starts.length) {
                grow();
            }
            int field = fieldCount++;
            int fieldFlags = 0;
            int stop;
            if (p < end && bytes[p] == '"') {
                fieldFlags = QUOTED;
                starts[field] = ++p;
                while (true) {
                    if (p >= end) {
                        return eof ? GAVE_UP : NEED_MORE; // an unclosed quote, or the chunk's end
                    }
                    int kind = KIND[bytes[p] & 0xFF];
                    if (kind == PLAIN || kind == COMMA) {
                        p++;
                    } else if (kind == QUOTE) {
                        if (p + 1 < end && bytes[p + 1] == '"') {
                            fieldFlags |= ESCAPED;
                            p += 2;
                        } else {
                            break;
                        }
                    } else if (kind == LF) {
                        newlines++;
                        p++;
                    } else if (kind == CR) {
                        if (p + 1 >= end || bytes[p + 1] != '\n') {
                            return GAVE_UP; // a lone CR: FastCSV may count it as a line
                        }
                        p++;
                    } else {
                        p = utf8End(bytes, p, end);
                        if (p < 0) {
                            return GAVE_UP;
                        }
                        fieldFlags |= NON_ASCII;
                    }
                }
                ends[field] = p++;
                stop = p < end ? KIND[bytes[p] & 0xFF] : LF;
                if (stop != COMMA && stop != LF && stop != CR) {
                    return GAVE_UP; // characters after the closing quote
                }
            } else {
                starts[field] = p;
                while (true) {
                    if (p >= end) {
                        stop = LF;
                        break;
                    }
                    int kind = KIND[bytes[p] & 0xFF];
                    if (kind == PLAIN) {
                        p++;
                    } else if (kind == HIGH) {
                        p = utf8End(bytes, p, end);
                        if (p < 0) {
                            return GAVE_UP;
                        }
                        fieldFlags |= NON_ASCII;
                    } else if (kind == QUOTE) {
                        return GAVE_UP; // a quote inside an unquoted field
                    } else {
                        stop = kind;
                        break;
                    }
                }
                ends[field] = p;
            }
            flags[field] = fieldFlags;
            if (p - recordStart > RECORD_BYTES_MAX) {
                return GAVE_UP;
            }
            if (stop == COMMA) {
                p++;
                continue;
            }
            // The record ends: at the range's end, a line feed, or a CR LF.
            if (p < end) {
                if (stop == CR) {
                    if (p + 1 >= end || bytes[p + 1] != '\n') {
                        return GAVE_UP;
                    }
                    p++;
                }
                p++;
                newlines++;
            }
            pos = p;
            if (fieldCount == 1 && (fieldFlags & QUOTED) != 0 && ends[0] == starts[0]) {
                return GAVE_UP; // a line holding only "": whether it is blank is FastCSV's call
            }
            return RECORD;
        }
    }

    private void grow() {
        int capacity = starts.length * 2;
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
        flags = Arrays.copyOf(flags, capacity);
        lastBytes = Arrays.copyOf(lastBytes, capacity);
        lastLengths = Arrays.copyOf(lastLengths, capacity);
        lastStrings = Arrays.copyOf(lastStrings, capacity);
    }

    /**
     * The index after the well-formed UTF-8 sequence at {@code p} (a byte of 0x80 or more), or -1:
     * the shortest form only, no surrogates, nothing past U+10FFFF, which is what Java's UTF-8
     * decoder accepts.
     */
    static int utf8End(byte[] bytes, int p, int end) {
        int b0 = bytes[p] & 0xFF;
        if (b0 < 0xC2) {
            return -1; // a continuation byte, or an overlong two-byte form
        }
        if (b0 < 0xE0) {
            return p + 1 < end && isContinuation(bytes[p + 1]) ? p + 2 : -1;
        }
        if (b0 < 0xF0) {
            if (p + 2 >= end) {
                return -1;
            }
            int b1 = bytes[p + 1] & 0xFF;
            if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0)) {
                return -1; // overlong, or a surrogate
            }
            return isContinuation(bytes[p + 1]) && isContinuation(bytes[p + 2]) ? p + 3 : -1;
        }
        if (b0 < 0xF5) {
            if (p + 3 >= end) {
                return -1;
            }
            int b1 = bytes[p + 1] & 0xFF;
            if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90)) {
                return -1; // overlong, or past U+10FFFF
            }
            return isContinuation(bytes[p + 1]) && isContinuation(bytes[p + 2]) && isContinuation(bytes[p + 3])
                    ? p + 4 : -1;
        }
        return -1;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /**
     * The last record's fields as the old reader hands them: skipped columns as a marker, repeated
     * texts as one String. The array is filled again by the next call (see {@link BillingRecordSink#newJudge}).
     */
    String[] fields() {
        if (fields.length != fieldCount) {
            fields = new String[fieldCount];
        }
        for (int i = 0; i < fieldCount; i++) {
            fields[i] = text(i);
        }
        return fields;
    }

    private String text(int column) {
        int start = starts[column];
        int length = ends[column] - start;
        int fieldFlags = flags[column];
        if (length == 0) {
            return "";
        }
        if (column < skipped.length && skipped[column]) {
            return BillingRowHandler.SKIPPED;
        }
        if ((fieldFlags & ESCAPED) != 0) {
            return unescape(start, length, (fieldFlags & NON_ASCII) != 0);
        }
        byte[] last = lastBytes[column];
        if (lastLengths[column] == length && sameBytes(last, start, length)) {
            return lastStrings[column];
        }
        // ASCII is ISO-8859-1 byte for byte: the String is a copy, without the UTF-8 decoder's scan.
        String text = new String(bytes, start, length,
                (fieldFlags & NON_ASCII) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (length <= REUSED_BYTES_MAX) {
            if (last == null) {
                last = new byte[REUSED_BYTES_MAX];
                lastBytes[column] = last;
            }
            System.arraycopy(bytes, start, last, 0, length);
            lastLengths[column] = length;
            lastStrings[column] = text;
        } else {
            lastLengths[column] = -1;
        }
        return text;
    }

    /** Compares from the end: ids that differ (billing ids, numbered invoices) differ in their last bytes. */
    private boolean sameBytes(byte[] last, int start, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (last[i] != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }

    /** A quoted field's text with each doubled quote read as one. */
    private String unescape(int start, int length, boolean nonAscii) {
        if (unescaped.length < length) {
            unescaped = new byte[Math.max(length, unescaped.length * 2)];
        }
        int n = 0;
        for (int i = start; i < start + length; i++) {
            byte b = bytes[i];
            unescaped[n++] = b;
            if (b == '"') {
                i++; // the second of a doubled quote
            }
        }
        return new String(unescaped, 0, n, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
}
