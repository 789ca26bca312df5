package io.ledgerflow.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file that appears whole or not at all: written to a temporary file beside it and moved
 * into place by {@link #commit()}. Closing without committing deletes the temporary file.
 */
final class AtomicOutput implements AutoCloseable {

    private static final int BUFFER_CHARS = 1 << 16;

    private final Path target;
    private final Path temp;
    private final Writer writer;
    private boolean committed;

    private AtomicOutput(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        this.temp = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName(), ".partial");
        this.writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8),
                BUFFER_CHARS);
    }

    static AtomicOutput create(Path target) {
        try {
            return new AtomicOutput(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    Writer writer() {
        return writer;
    }

    void commit() {
        try {
            writer.close();
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
            writer.close();
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
