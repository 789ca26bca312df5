package io.ledgerflow.console.backend;

import java.time.Instant;

/** A day's no-file mark in force: who marked the day as having no file, when and why. */
public record NoFileView(String by, String reason, Instant at) {}
