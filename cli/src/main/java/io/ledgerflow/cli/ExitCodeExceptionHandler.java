package io.ledgerflow.cli;

import io.ledgerflow.core.failure.FailureKind;
import io.ledgerflow.core.failure.LedgerflowException;
import io.ledgerflow.core.journal.InvariantViolationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns a command's exception into one clear line on stderr and DESIGN's exit code, read from
 * the exception's place in the failure hierarchy ({@link ExitCode#of(Throwable)}). Class names and
 * stack traces only with {@code LEDGERFLOW_DEBUG=1}.
 */
final class ExitCodeExceptionHandler implements CommandLine.IExecutionExceptionHandler {

    private final boolean debug;

    ExitCodeExceptionHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        OutOfMemoryError oom = OutOfMemory.in(e);
        if (oom != null) {
            return outOfMemory(oom, cli);
        }
        FailureKind kind = FailureKind.of(e);
        String message = e instanceof InvariantViolationException
                ? "invariant violated, nothing was written (this is a defect, please report it): " + e.getMessage()
                : messageOf(e);
        cli.getErr().println(FailureReport.prefix(kind) + message);
        if (debug) {
            e.printStackTrace(cli.getErr());
        } else if (kind == FailureKind.INFRASTRUCTURE && (e.getCause() != null || !(e instanceof LedgerflowException))) {
            // Only when there is more to see than the message: a cause, or a failure of ours we did not name.
            cli.getErr().println("  LEDGERFLOW_DEBUG=1 shows the error's details");
        }
        cli.getErr().flush();
        return ExitCode.of(kind);
    }

    /** The heap ran out: one line, exit 3 (picocli hands an Error over wrapped in its ExecutionException). */
    static int outOfMemory(OutOfMemoryError oom, CommandLine cli) {
        cli.getErr().println("ledgerflow: error: infrastructure: " + OutOfMemory.message(oom.getMessage()));
        if (System.getenv("LEDGERFLOW_DEBUG") != null) {
            oom.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return ExitCode.INFRASTRUCTURE;
    }

    /** What failed, in words: ours carry their message; a file system failure names the file; anything else is a defect. */
    static String messageOf(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getMessage() != null && !u.getMessage().equals(u.getCause().toString())
                    ? u.getMessage()
                    : messageOf(u.getCause());
        }
        if (e instanceof LedgerflowException && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? "cannot be read or written" : f.getReason());
        }
        if (e instanceof IOException) {
            return "input or output failed" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return "unexpected failure (a defect, please report it)" + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
