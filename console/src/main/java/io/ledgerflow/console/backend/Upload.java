package io.ledgerflow.console.backend;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A corrected day's file as the console received and checked it: read whole with the CLI's billing
 * CSV reader (header and every row decoded) before the backend sees it.
 *
 * @param file where it waits (the backend stores it; the app deletes it afterwards)
 * @param fileName the name the person's browser gave it (shown and recorded; never a path)
 * @param encoding the file's encoding (UTF-8, or windows-31j for older site systems)
 * @param bytes its size
 * @param lines its data lines (records), as the reader counted them
 * @param sha256 its SHA-256 in hex
 */
public record Upload(Path file, String fileName, Charset encoding, long bytes, long lines, String sha256) {
    public Upload {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(sha256, "sha256");
    }
}
