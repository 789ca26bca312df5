package io.ledgerflow.cli;

import io.ledgerflow.core.failure.FailureKind;
import java.io.PrintWriter;
import java.util.List;

/**
 * How a failure reads on stderr: one line a person can act on (what failed and why, in the terms
 * of the day, month, run or file they gave), then hints saying what to do. Class names and stack
 * traces only with {@code LEDGERFLOW_DEBUG=1}: finance staff read this, not developers.
 */
final class FailureReport {

    /** Stack trace lines of a failed execution's cause shown with LEDGERFLOW_DEBUG=1, at most. */
    static final int STACK_LINES_MAX = 40;

    private FailureReport() {}

    /** The start of a failure's line, by its kind (exit 1 reads FAILED, exit 2 and 3 read error). */
    static String prefix(FailureKind kind) {
        return switch (kind) {
            case BAD_INPUT -> "ledgerflow: error: ";
            case BUSINESS -> "ledgerflow: FAILED: ";
            case INFRASTRUCTURE -> "ledgerflow: error: infrastructure: ";
        };
    }

    /**
     * Reports a failed execution: {@code what} names it ({@code daily 2026-11-20}), {@code message}
     * is its cause in the person's terms; returns DESIGN's exit code for its error name.
     */
    static int execution(PrintWriter err, boolean debug, String what, String error, String message, String cause,
            List<String> hints) {
        FailureKind kind = FailureKind.ofErrorName(error);
        err.println(prefix(kind) + what + ": " + describe(error, message));
        hints.forEach(hint -> err.println("  " + hint));
        if (debug) {
            err.println("  error: " + error);
            FailureNames.stackTrace(cause).stream().limit(STACK_LINES_MAX).forEach(line -> err.println("    at " + line));
        } else if (kind == FailureKind.INFRASTRUCTURE) {
            err.println("  LEDGERFLOW_DEBUG=1 shows the error's details");
        }
        err.flush();
        return ExitCode.of(kind);
    }

    /**
     * The message of an execution's failure; one whose error is not ours (a defect, a timeout)
     * says so without a class name.
     */
    static String describe(String error, String message) {
        boolean ours = FailureKind.exceptionClass(error).isPresent();
        if (ours && !message.isBlank()) {
            return message;
        }
        if (error != null && error.startsWith("States.")) {
            String what = "States.Timeout".equals(error) ? "a step ran out of time" : "the workflow failed";
            return what + " (Step Functions error " + error + ")" + (message.isBlank() ? "" : ": " + message);
        }
        return "unexpected failure (a defect, please report it)" + (message.isBlank() ? "" : ": " + message);
    }
}
