package io.ledgerflow.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to a month, kept for audit: a state change (a close step, a reopen with
 * its reason) or a note without one ({@code from == to}, e.g. a close that proceeded without an
 * attestation, with who allowed it and why).
 */
public record PeriodEvent(Instant at, PeriodState from, PeriodState to, String by, String reason) {
    public PeriodEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
    }
}
