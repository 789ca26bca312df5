package io.ledgerflow.core.billing;

import io.ledgerflow.core.failure.BadInputException;

/**
 * Thrown when a billing file as a whole cannot be used (not CSV, a required column missing, not
 * decodable in its encoding). The message names the file, the line and the problem.
 */
public final class BadInputFileException extends BadInputException {
    private final String source;
    private final long lineNumber;
    private final String problem;

    public BadInputFileException(String source, long lineNumber, String problem, Throwable cause) {
        super(source + (lineNumber > 0 ? ": line " + lineNumber : "") + ": " + problem, cause);
        this.source = source;
        this.lineNumber = lineNumber;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    /** The physical line (header = 1) where the problem is, or 0 when it concerns the whole file. */
    public long lineNumber() {
        return lineNumber;
    }

    public String problem() {
        return problem;
    }
}
