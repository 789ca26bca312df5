package io.ledgerflow.core.objectstore;

import java.time.Instant;

/** One listed object, the fields S3's ListObjectsV2 returns that callers rely on. */
public record ObjectSummary(String key, long size, Instant lastModified, String etag) {}
