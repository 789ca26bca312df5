package io.ledgerflow.core.objectstore;

/** Thrown when a bucket or key does not exist (S3's NoSuchBucket / NoSuchKey). */
public final class ObjectNotFoundException extends ObjectStoreException {
    public ObjectNotFoundException(String bucket, String key) {
        super("no such object: s3://" + bucket + "/" + key, null);
    }
}
