package io.ledgerflow.core.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A chunk of canonical journal rows as UTF-8 bytes, written straight by {@link CanonicalRows}:
 * a StringBuilder, then a String, then its bytes, copied the 94 MB of a 500,000-line day three
 * times on the posting threads. Every text that goes in is either UTF-8 bytes made once (the rules'
 * texts, an invoice's id and site) or ASCII known to be so (billing ids of accepted lines, which
 * passed the input's id pattern; numbers); UTF-8 of a concatenation is the concatenation of the
 * parts' UTF-8. One per chunk, on one thread.
 */
final class Utf8Rows {

    private byte[] bytes;
    private int length;
    private final byte[] digits = new byte[20];

    Utf8Rows(int capacity) {
        this.bytes = new byte[Math.max(16, capacity)];
    }

    int length() {
        return length;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Drops everything after the first {@code length} bytes. */
    void truncate(int newLength) {
        this.length = newLength;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length + bytes.length / 2, length + more));
        }
    }

    void append(byte[] text) {
        ensure(text.length);
        System.arraycopy(text, 0, bytes, length, text.length);
        length += text.length;
    }

    void append(char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
    }

    /** Appends id {@code index} of {@code ids}, which must be ASCII (an accepted line's billing id). */
    void appendAsciiId(IdBuffer ids, int index) {
        int n = ids.length(index);
        ensure(n);
        ids.copyAscii(index, bytes, length);
        length += n;
    }

    /** Appends any text, encoded (the rows of an entry formatted elsewhere). */
    void appendText(CharSequence text) {
        append(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A non-negative number in decimal. */
    void append(long value) {
        int n = 0;
        do {
            digits[n++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        ensure(n);
        while (n > 0) {
            bytes[length++] = digits[--n];
        }
    }

    /** A non-negative amount in minor units as a plain decimal at {@code minorDigits} ({@code 1200}, {@code 12.30}, {@code 0.05}). */
    void appendAmount(long minor, int minorDigits) {
        if (minorDigits == 0) {
            append(minor);
            return;
        }
        long unit = MinorUnits.powerOfTen(minorDigits);
        append(minor / unit);
        ensure(1 + minorDigits);
        bytes[length++] = '.';
        long fraction = minor % unit;
        for (long place = unit / 10; place > 0; place /= 10) {
            bytes[length++] = (byte) ('0' + fraction / place);
            fraction %= place;
        }
    }
}
