package io.ledgerflow.cli;

import io.ledgerflow.core.billing.BadInputFileException;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.rules.NoRuleSetException;
import io.ledgerflow.core.rules.RulesFileException;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
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
        OutOfMemoryError oom = OutOfMemory.in(e);
        if (oom != null) {
            return outOfMemory(oom, cli);
        }
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

    /** The heap ran out: one line, exit 3 (picocli hands an Error over wrapped in its ExecutionException). */
    static int outOfMemory(OutOfMemoryError oom, CommandLine cli) {
        cli.getErr().println("ledgerflow: error: infrastructure: " + OutOfMemory.message(oom.getMessage()));
        if (System.getenv("LEDGERFLOW_DEBUG") != null) {
            oom.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return ExitCode.INFRASTRUCTURE;
    }

    static int exitCodeOf(Throwable e) {
        if (e instanceof BadInputFileException || e instanceof RulesFileException || e instanceof NoRuleSetException) {
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof RunFailedException || e instanceof InvariantViolationException
                || e instanceof io.ledgerflow.core.store.PeriodTransitionException
                || e instanceof StepFunctionsException.ExecutionAlreadyExists || e instanceof StepFunctionsException.ExecutionNotRedrivable) {
            return ExitCode.FAILED;
        }
        if (e instanceof StepFunctionsException.ExecutionDoesNotExist || e instanceof StepFunctionsException.StateMachineDoesNotExist
                || e instanceof StepFunctionsException.InvalidArn || e instanceof StepFunctionsException.InvalidName
                || e instanceof StepFunctionsException.InvalidExecutionInput) {
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
