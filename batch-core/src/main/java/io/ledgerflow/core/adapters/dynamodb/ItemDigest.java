package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.store.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SHA-256 of an item as stored: every attribute but the digest itself, by name, each name and
 * value length-prefixed (a binary value's bytes as stored, so a page is hashed without being
 * decompressed or decoded). Written into each page ({@link #ATTRIBUTE}), compared with the writer's
 * receipt at publish and recomputed from the stored bytes by the monthly close.
 */
final class ItemDigest {

    static final String ATTRIBUTE = "digest";

    private ItemDigest() {}

    static String of(Map<String, AttributeValue> item) {
        MessageDigest sha = Sha256.newDigest();
        for (Map.Entry<String, AttributeValue> e : new TreeMap<>(item).entrySet()) {
            if (e.getKey().equals(ATTRIBUTE)) {
                continue;
            }
            AttributeValue value = e.getValue();
            byte[] bytes;
            char type;
            if (value.s() != null) {
                type = 'S';
                bytes = value.s().getBytes(StandardCharsets.UTF_8);
            } else if (value.n() != null) {
                type = 'N';
                bytes = value.n().getBytes(StandardCharsets.UTF_8);
            } else if (value.b() != null) {
                type = 'B';
                bytes = value.b().asByteArrayUnsafe();
            } else {
                throw new IllegalStateException("attribute " + e.getKey() + " of a page is not S, N or B: " + value);
            }
            update(sha, e.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) type);
            update(sha, bytes);
        }
        return Sha256.hex(sha.digest());
    }

    private static void update(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }
}
