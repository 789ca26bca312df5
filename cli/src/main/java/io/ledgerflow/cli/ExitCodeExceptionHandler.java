package io.ledgerflow.cli;

import io.ledgerflow.cli.targets.TargetException;
import io.ledgerflow.core.billing.BadInputFileException;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.rules.NoRuleSetException;
import io.ledgerflow.core.rules.RulesFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns a command's exception into one clear line on stderr and DESIGN's exit code. Stack traces
 * only with {@code LEDGERFLOW_DEBUG=1}: finance staff read this, not developers.
 */
final class ExitCodeExceptionHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        int code = exitCodeOf(e);
        String prefix = switch (code) {
            case ExitCode.FAILED -> "FAILED: ";
            case ExitCode.BAD_INPUT -> "error: ";
            default -> "error: infrastructure: ";
        };
        String message = e instanceof InvariantViolationException
                ? "invariant violated, nothing was written (this is a defect, please report it): " + e.getMessage()
                : messageOf(e);
        cli.getErr().println("ledgerflow: " + prefix + message);
        if (System.getenv("LEDGERFLOW_DEBUG") != null) {
            e.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return code;
    }

    static int exitCodeOf(Throwable e) {
        if (e instanceof BadInputFileException || e instanceof RulesFileException || e instanceof NoRuleSetException) {
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof RunFailedException || e instanceof InvariantViolationException
                || e instanceof io.ledgerflow.core.store.PeriodTransitionException
                || e instanceof TargetException.ExecutionAlreadyExists || e instanceof TargetException.ExecutionNotRedrivable) {
            return ExitCode.FAILED;
        }
        if (e instanceof TargetException.ExecutionDoesNotExist || e instanceof TargetException.StateMachineDoesNotExist
                || e instanceof TargetException.InvalidArn || e instanceof TargetException.InvalidName
                || e instanceof TargetException.InvalidExecutionInput) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.INFRASTRUCTURE;
    }

    private static String messageOf(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        String message = e.getMessage();
        if (e instanceof IOException || message == null) {
            return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        return message;
    }
}
