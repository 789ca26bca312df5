package io.ledgerflow.console.web;

import io.ledgerflow.core.billing.BadInputFileException;
import io.ledgerflow.core.billing.BillingCsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stores an upload in a file with a size limit, then reads it whole with the CLI's billing CSV
 * reader ({@link BillingCsvReader}: the header's required columns, strict decoding of every row)
 * before anything goes to the ledger. Row checks (bad lines) are the run's business: a bad line
 * is quarantined, not refused here.
 */
final class UploadCheck {

    private static final int BUFFER_BYTES = 64 * 1024;

    /** The stored file's size and digest. */
    record Stored(long bytes, String sha256) {}

    private UploadCheck() {}

    /**
     * Copies {@code in} to {@code target}, refusing (and deleting) it past {@code bytesMax}.
     *
     * @throws UploadTooLargeException past the limit
     */
    static Stored store(InputStream in, Path target, long bytesMax) {
        MessageDigest digest = sha256();
        long total = 0;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > bytesMax) {
                    throw new UploadTooLargeException(bytesMax);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            deleteQuietly(target);
            throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
        return new Stored(total, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Reads the whole file as the CLI would; returns its record count.
     *
     * @throws BadInputFileException naming the problem (missing column, undecodable bytes, no header)
     */
    static long check(Path file, String fileName, Charset encoding) {
        long[] records = {0};
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored upload: " + e.getMessage(), e);
        }
        // The reader names the file as the person knows it; its header check and decoding are the CLI's.
        try (BillingCsvReader reader = BillingCsvReader.open(in, fileName, encoding)) {
            reader.header();
            reader.forEach(row -> records[0]++);
        }
        return records[0];
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; the directory is cleaned at the next start
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown when an upload is over the console's size limit; nothing is stored. */
    static final class UploadTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long bytesMax;

        UploadTooLargeException(long bytesMax) {
            super("the file is over the upload limit of " + bytesMax + " bytes");
            this.bytesMax = bytesMax;
        }
    }
}
