package io.ledgerflow.core.adapters.fs;

import io.ledgerflow.core.objectstore.ObjectNotFoundException;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectStoreException;
import io.ledgerflow.core.objectstore.ObjectSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The object store as a folder per bucket under a root directory; a key's {@code /} become
 * sub-folders. For local runs and tests: the same bucket/key pairs as on S3, no cloud account.
 */
public final class FileSystemObjectStore implements ObjectStore {

    /** S3's bucket naming rule (lower case, digits, dots, hyphens; 3 to 63 characters). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int KEY_BYTES_MAX = 1024; // S3's key length limit

    private final Path root;

    public FileSystemObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public InputStream open(String bucket, String key) {
        Path file = file(bucket, key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(bucket, key);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long size(String bucket, String key) {
        try {
            return Files.size(file(bucket, key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(bucket, key);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content) {
        write(bucket, key, tmp -> Files.write(tmp, content));
    }

    /** Copies the stream to a temporary file beside the object, then moves it in: never whole in memory. */
    @Override
    public void put(String bucket, String key, InputStream content, long length) {
        write(bucket, key, tmp -> {
            long copied;
            try (var out = Files.newOutputStream(tmp)) {
                copied = content.transferTo(out);
            }
            if (copied != length) {
                throw new IOException("expected " + length + " bytes, the stream had " + copied);
            }
        });
    }

    private interface TempWriter {
        void write(Path tmp) throws IOException;
    }

    private void write(String bucket, String key, TempWriter writer) {
        Path file = file(bucket, key);
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), ".put-", ".tmp");
            writer.write(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ObjectStoreException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a hidden .put- file, which listings skip
            }
        }
    }

    @Override
    public List<ObjectSummary> list(String bucket, String prefix, String startAfter, int keysMax) {
        Path dir = bucketDir(bucket);
        if (!Files.isDirectory(dir)) {
            throw new ObjectNotFoundException(bucket, "");
        }
        int limit = Math.min(Math.max(keysMax, 0), LIST_KEYS_MAX);
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> keys = files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> !k.contains("/.put-") && !k.startsWith(".put-"))
                    .filter(k -> k.startsWith(prefix == null ? "" : prefix))
                    .filter(k -> startAfter == null || k.compareTo(startAfter) > 0)
                    .sorted() // String order equals S3's UTF-8 byte order for the BMP keys we write
                    .limit(limit)
                    .toList();
            List<ObjectSummary> out = new ArrayList<>(keys.size());
            for (String k : keys) {
                Path p = dir.resolve(k);
                out.add(new ObjectSummary(k, Files.size(p), Files.getLastModifiedTime(p).toInstant(), etag(p)));
            }
            return out;
        } catch (IOException | UncheckedIOException e) {
            throw new ObjectStoreException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    private Path bucketDir(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new ObjectStoreException("invalid bucket name: " + bucket, null);
        }
        return root.resolve(bucket);
    }

    private Path file(String bucket, String key) {
        Path dir = bucketDir(bucket);
        if (key == null || key.isEmpty() || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > KEY_BYTES_MAX) {
            throw new ObjectStoreException("invalid key: " + key, null);
        }
        Path file = dir.resolve(key).normalize();
        // A key like "../x" must never escape the bucket folder.
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw new ObjectStoreException("invalid key: " + key, null);
        }
        return file;
    }

    /** S3's ETag for a single-part upload: the quoted MD5 of the content. */
    private static String etag(Path p) throws IOException {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(p), md5)) {
                in.transferTo(java.io.OutputStream.nullOutputStream()); // streamed: a day's file may be a gigabyte
            }
            return "\"" + HexFormat.of().formatHex(md5.digest()) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every JDK", e);
        }
    }
}
