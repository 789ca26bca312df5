package io.ledgerflow.core.daily;

import java.util.Objects;

/** Where an object lives in the object store (an S3 bucket and key on AWS, a folder locally). */
public record ObjectRef(String bucket, String key) {
    public ObjectRef {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
