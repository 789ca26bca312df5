package io.ledgerflow.core.partition;

/**
 * A billing line as a partition carries it: where it stood in the day's file, whether its
 * billing_id appeared on an earlier (not malformed) row of the whole file, and its raw fields.
 */
public record PartitionRow(long lineNumber, boolean duplicateBillingId, String[] fields) {}
