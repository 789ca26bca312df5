package io.ledgerflow.core.objectstore;

import java.io.InputStream;
import java.util.List;

/**
 * The object-store port: S3-shaped get, put and list by bucket and key, with no AWS types, so
 * the workflow runtime can read and write the same bucket/key pairs locally (a folder) and on
 * AWS (S3).
 */
public interface ObjectStore {

    /** Keys listed per call at most, as S3's ListObjectsV2 page size. */
    int LIST_KEYS_MAX = 1000;

    /**
     * Opens an object for reading; the caller closes the stream.
     *
     * @throws ObjectNotFoundException when the bucket or key does not exist
     */
    InputStream open(String bucket, String key);

    /** Reads a whole object; for small objects (manifests, JSON arrays). */
    default byte[] get(String bucket, String key) {
        try (InputStream in = open(bucket, key)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new ObjectStoreException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * The object's size in bytes, or -1 when this store cannot tell without reading it.
     *
     * @throws ObjectNotFoundException when the bucket or key does not exist
     */
    default long size(String bucket, String key) {
        return -1;
    }

    /**
     * Writes (or replaces) an object from a stream of {@code length} bytes, without holding it in
     * memory (the day's file: up to a gigabyte). The stream is read to its end, not closed. The
     * adapters stream; this default, for test doubles, buffers.
     */
    default void put(String bucket, String key, InputStream content, long length) {
        try {
            byte[] bytes = content.readNBytes(Math.toIntExact(length));
            if (bytes.length != length) {
                throw new ObjectStoreException("cannot write s3://" + bucket + "/" + key + ": the stream ended after "
                        + bytes.length + " of " + length + " bytes", null);
            }
            put(bucket, key, bytes);
        } catch (java.io.IOException | ArithmeticException e) {
            throw new ObjectStoreException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Writes (or replaces) an object atomically: readers see the old or the new content, never half. */
    void put(String bucket, String key, byte[] content);

    /**
     * Lists objects whose key starts with {@code prefix}, in ascending key order (as S3 does),
     * starting after {@code startAfter} (null for the first page), at most {@code keysMax} of them.
     */
    List<ObjectSummary> list(String bucket, String prefix, String startAfter, int keysMax);
}
