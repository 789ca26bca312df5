package io.ledgerflow.core.close;

import java.time.Instant;
import java.util.Objects;

/**
 * What CI stage 2 writes when the golden month came out byte for byte as expected: the code and
 * fixtures it proved, and when. The monthly close exports only for code that has one.
 */
public record Attestation(
        String codeFingerprint, String fixturesFingerprint, String result, String stage, String by, Instant createdAt) {

    public static final String PASSED = "PASSED";

    public Attestation {
        Objects.requireNonNull(codeFingerprint, "codeFingerprint");
        Objects.requireNonNull(fixturesFingerprint, "fixturesFingerprint");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean passed() {
        return PASSED.equals(result);
    }
}
