package io.ledgerflow.console.backend;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One run of a day with who, why and when.
 *
 * @param status STARTED, COMPLETED, SUPERSEDED, FAILED, PURGED or SKIPPED
 * @param current whether it is the day's published run
 * @param failure why it failed, in words, or null
 * @param controlTotals debit and credit per currency (the debit is in {@code debit}, the credit in {@code credit})
 */
public record RunView(
        String runId,
        String status,
        boolean current,
        String requestedBy,
        String reason,
        Instant startedAt,
        Instant finishedAt,
        LocalDate ruleSetEffectiveFrom,
        Long read,
        Long posted,
        Long quarantined,
        Long entries,
        List<Amount> debit,
        List<Amount> credit,
        String failure) {}
