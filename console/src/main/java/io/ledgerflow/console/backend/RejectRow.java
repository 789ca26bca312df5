package io.ledgerflow.console.backend;

/** One quarantined line, as DESIGN's rejects CSV has it. */
public record RejectRow(long lineNumber, String billingId, String invoiceId, String reason) {}
