package io.ledgerflow.workflows.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * RedriveExecution's rules, AWS's (docs/aws.md, "The local Step Functions service"): an execution
 * can be redriven when it did not succeed (FAILED, TIMED_OUT or ABORTED), ended at most
 * {@link #REDRIVABLE_PERIOD} ago, and was redriven fewer than {@link #REDRIVES_MAX} times. A redrive
 * resumes at the state that failed, with that state's input, or from the start with the
 * execution's input when it ended before entering a state (ABORTED before it began).
 */
public final class RedrivePolicy {

    /** AWS's limit on redrives of one execution. */
    public static final int REDRIVES_MAX = 1_000;
    /** How long after it ended an execution can be redriven (AWS: 14 days from the stop). */
    public static final Duration REDRIVABLE_PERIOD = Duration.ofDays(14);

    private RedrivePolicy() {}

    /**
     * Empty when {@code e} can be redriven at {@code now}; else why not, in DescribeExecution's
     * {@code redriveStatusReason} words.
     */
    public static Optional<String> notRedrivableReason(Execution e, Instant now) {
        if (!e.status().unsuccessful()) {
            return Optional.of("Execution is " + e.status() + " and cannot be redriven");
        }
        if (e.stopDate().plus(REDRIVABLE_PERIOD).isBefore(now)) {
            return Optional.of("Execution redrivable period exceeded");
        }
        if (e.redriveCount() >= REDRIVES_MAX) {
            return Optional.of("Execution was redriven " + REDRIVES_MAX + " times, the most it can be");
        }
        return Optional.empty();
    }

    /** @throws ExecutionNotRedrivableException when {@code e} cannot be redriven at {@code now} */
    public static void check(Execution e, Instant now) {
        Optional<String> reason = notRedrivableReason(e, now);
        if (reason.isPresent()) {
            throw new ExecutionNotRedrivableException(reason.get() + ": '" + e.arn() + "'");
        }
    }
}
