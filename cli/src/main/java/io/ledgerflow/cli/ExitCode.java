package io.ledgerflow.cli;

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
}
