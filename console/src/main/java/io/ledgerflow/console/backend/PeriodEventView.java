package io.ledgerflow.console.backend;

import java.time.Instant;

/** One entry of a month's history: a state change ({@code from != to}) or a note. */
public record PeriodEventView(Instant at, String from, String to, String by, String reason) {}
