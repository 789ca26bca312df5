package io.ledgerflow.core.adapters.s3;

import io.ledgerflow.core.objectstore.ObjectNotFoundException;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectStoreException;
import io.ledgerflow.core.objectstore.ObjectSummary;
import java.io.InputStream;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The object-store port on Amazon S3 (AWS SDK v2): what the workflow uses when it runs on AWS. */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream open(String bucket, String key) {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new ObjectNotFoundException(bucket, key);
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long size(String bucket, String key) {
        try {
            return s3.headObject(r -> r.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new ObjectNotFoundException(bucket, key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD has no body: S3 answers 404 without an error code
                throw new ObjectNotFoundException(bucket, key);
            }
            throw new ObjectStoreException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Streams the content (the SDK reads it in chunks for the request body), never whole in memory. */
    @Override
    public void put(String bucket, String key, InputStream content, long length) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentLength(length), RequestBody.fromInputStream(content, length));
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ObjectSummary> list(String bucket, String prefix, String startAfter, int keysMax) {
        try {
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)
                    .startAfter(startAfter).maxKeys(Math.min(keysMax, LIST_KEYS_MAX)));
            return page.contents().stream()
                    .map(o -> new ObjectSummary(o.key(), o.size(), o.lastModified(), o.eTag()))
                    .toList();
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }
}
