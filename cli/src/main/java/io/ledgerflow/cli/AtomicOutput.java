package io.ledgerflow.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;

/**
 * An output file that appears whole or not at all: written to a temporary file beside it and moved
 * into place by {@link #commit()}. Closing without committing deletes the temporary file.
 */
final class AtomicOutput implements AutoCloseable {

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path target;
    private final Path temp;
    private final OutputStream stream;
    private boolean committed;

    private AtomicOutput(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        this.temp = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName(), ".partial");
        this.stream = new BufferedOutputStream(Files.newOutputStream(temp), BUFFER_BYTES);
    }

    /**
     * Runs {@code body} on a buffered byte stream to {@code target}, or to stdout when it is null,
     * and returns what it returns. A file appears only when {@code body} completes; stdout is
     * flushed, not closed. The one place that commits a file or flushes stdout.
     */
    static <T> T writeBytes(Path target, Function<OutputStream, T> body) {
        if (target == null) {
            OutputStream stdout = new BufferedOutputStream(System.out, BUFFER_BYTES);
            T result = body.apply(stdout);
            flush(stdout);
            return result;
        }
        try (AtomicOutput file = create(target)) {
            T result = body.apply(file.stream);
            file.commit();
            return result;
        }
    }

    /** As {@link #writeBytes}, for a body that writes text: UTF-8 on the same stream. */
    static <T> T write(Path target, Function<Writer, T> body) {
        return writeBytes(target, stream -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_BYTES);
            T result = body.apply(writer);
            flush(writer); // into the stream, which writeBytes flushes or commits; closing it would close stdout
            return result;
        });
    }

    private static void flush(java.io.Flushable out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AtomicOutput create(Path target) {
        try {
            return new AtomicOutput(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    void commit() {
        try {
            stream.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            stream.close();
        } catch (IOException ignored) {
            // the temporary file goes anyway
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more we can do; it is a hidden .partial file
        }
    }
}
