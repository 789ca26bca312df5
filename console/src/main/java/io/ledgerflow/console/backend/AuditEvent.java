package io.ledgerflow.console.backend;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited action: who did what, when and why.
 *
 * @param action RUN, RERUN, CLOSE, REOPEN, OVERRIDE, PERIOD, SIGN_IN, SIGN_IN_REFUSED, REFUSED
 * @param subject what it was about: a day, a month, a path
 * @param outcome what came of it (a run's status, a state change, the HTTP status of a refusal)
 */
public record AuditEvent(Instant at, String action, String by, String subject, String outcome, String reason) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        by = by == null ? "" : by;
        subject = subject == null ? "" : subject;
        outcome = outcome == null ? "" : outcome;
        reason = reason == null ? "" : reason;
    }
}
