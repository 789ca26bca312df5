package io.ledgerflow.cli;

import io.ledgerflow.core.failure.FailureKind;

/** The exit codes of DESIGN's command line. */
public final class ExitCode {
    public static final int DONE = 0;
    /** The run or a check failed for a business reason, which is printed. */
    public static final int FAILED = 1;
    /** Bad usage or a bad input file. */
    public static final int BAD_INPUT = 2;
    /** Infrastructure failure (disk, database, engine). */
    public static final int INFRASTRUCTURE = 3;

    private ExitCode() {}

    /** DESIGN's exit code for a kind of failure. */
    public static int of(FailureKind kind) {
        return switch (kind) {
            case BAD_INPUT -> BAD_INPUT;
            case BUSINESS -> FAILED;
            case INFRASTRUCTURE -> INFRASTRUCTURE;
        };
    }

    /** The exit code of a thrown failure, by its type in the failure hierarchy. */
    public static int of(Throwable failure) {
        return of(FailureKind.of(failure));
    }

    /** The exit code of a failure known by its error name (a Step Functions execution's error). */
    public static int ofErrorName(String errorName) {
        return of(FailureKind.ofErrorName(errorName));
    }
}
