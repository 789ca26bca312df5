package io.ledgerflow.core.billing;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of a billing file for the fast path ({@link Utf8Records}): read by position, so that
 * two threads can each read their half of a file in chunks, into arrays of their own (not the whole
 * file into one array, which the collector would copy).
 */
interface ByteSource extends Closeable {

    long size();

    /** Reads up to {@code length} bytes at {@code position}; the count read, 0 or less at the end. */
    int read(long position, byte[] into, int offset, int length) throws IOException;

    /**
     * The whole content as a stream, for the FastCSV path when the fast path hands the file back:
     * the same open file from its first byte (a file put in its place meanwhile is not read), which
     * the stream now owns: closing it closes this source.
     */
    InputStream stream() throws IOException;

    static ByteSource of(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        long size = channel.size();
        return new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public int read(long position, byte[] into, int offset, int length) throws IOException {
                return channel.read(ByteBuffer.wrap(into, offset, length), position);
            }

            @Override
            public InputStream stream() throws IOException {
                return Channels.newInputStream(channel.position(0));
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public int read(long position, byte[] into, int offset, int length) {
                int n = (int) Math.min(length, bytes.length - position);
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(bytes, (int) position, into, offset, n);
                return n;
            }

            @Override
            public InputStream stream() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
