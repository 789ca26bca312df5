package io.ledgerflow.workflows.asl;

import java.util.List;

/** One Retry entry, with AWS's defaults already applied by the parser. */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                      Long maxDelaySeconds, boolean fullJitter) {}
