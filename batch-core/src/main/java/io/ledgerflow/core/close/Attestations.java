package io.ledgerflow.core.close;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ledgerflow.core.objectstore.ObjectNotFoundException;
import io.ledgerflow.core.objectstore.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Attestations kept in the configuration bucket, one per code fingerprint: {@code attestations/{fingerprint}.json}. */
public final class Attestations {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectStore objects;
    private final String bucket;

    public Attestations(ObjectStore objects, String bucket) {
        this.objects = objects;
        this.bucket = bucket;
    }

    public static String key(String codeFingerprint) {
        return "attestations/" + codeFingerprint + ".json";
    }

    public String location(String codeFingerprint) {
        return "s3://" + bucket + "/" + key(codeFingerprint);
    }

    public void put(Attestation attestation) {
        try {
            objects.put(bucket, key(attestation.codeFingerprint()), JSON.writeValueAsBytes(attestation));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Attestation> find(String codeFingerprint) {
        byte[] bytes;
        try {
            bytes = objects.get(bucket, key(codeFingerprint));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(bytes, Attestation.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable attestation " + location(codeFingerprint), e);
        }
    }
}
