package io.ledgerflow.core.billing;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * A strict decoding {@link Reader}: unlike {@code InputStreamReader} it hands out every character
 * decoded before a bad byte sequence, then throws {@link UndecodableInputException} with the
 * physical line and byte offset of that sequence. A leading byte-order mark is dropped.
 */
final class DecodingReader extends Reader {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER_BYTES).flip();
    private long bytesConsumedBefore; // bytes of the stream before bytes.position() of this buffer fill
    private long newlines;
    private boolean eof;
    private boolean first = true;
    private UndecodableInputException pending;

    DecodingReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (pending != null) {
                throw pending;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        for (int i = offset; i < offset + n; i++) {
            if (target[i] == '\n') {
                newlines++;
            }
        }
        return n;
    }

    /** Decodes more characters into {@code chars}; false at the end of the stream. */
    private boolean fill() throws IOException {
        chars.clear();
        while (chars.position() == 0 && pending == null) {
            if (!bytes.hasRemaining() && eof) {
                decoder.flush(chars); // nothing is buffered inside the decoders of CSV's charsets
                break;
            }
            if (!eof) {
                refill();
            }
            int before = bytes.position();
            CoderResult result = decoder.decode(bytes, chars, eof);
            if (result.isError()) {
                long offset = bytesConsumedBefore + bytes.position();
                pending = new UndecodableInputException(newlines + countNewlines() + 1, offset,
                        decoder.charset().displayName());
            } else if (bytes.position() == before && !eof && !result.isOverflow()) {
                continue; // an incomplete sequence at the buffer's end: read more bytes
            }
        }
        chars.flip();
        dropByteOrderMark();
        return chars.hasRemaining() || pending != null;
    }

    private void refill() throws IOException {
        bytesConsumedBefore += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private long countNewlines() {
        long count = 0;
        for (int i = 0; i < chars.position(); i++) {
            if (chars.get(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    private void dropByteOrderMark() {
        if (first && chars.hasRemaining()) {
            first = false;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Thrown when the input holds a byte sequence that is not valid in its encoding. */
    static final class UndecodableInputException extends IOException {
        final long lineNumber;

        UndecodableInputException(long lineNumber, long byteOffset, String charset) {
            super("cannot be decoded as " + charset + " (bad byte sequence at byte offset " + byteOffset + ")");
            this.lineNumber = lineNumber;
        }
    }
}
