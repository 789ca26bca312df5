package io.ledgerflow.workflows.runtime;

import java.util.List;
import java.util.Set;

/** AWS's predefined error names and the ErrorEquals matching rules. */
public final class ErrorNames {

    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String RUNTIME = "States.Runtime";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    public static final String LAMBDA_NOT_FOUND = "Lambda.ResourceNotFoundException";

    /**
     * Terminal errors: nothing matches them, not even their own name (AWS's recorded executions:
     * a Catch on "States.Runtime" does not catch it). A task whose result is over the payload
     * quota is the exception AWS's recordings show: its States.DataLimitExceeded is a task failure,
     * caught by name and by States.ALL (see {@link StatesError#taskFailure}).
     */
    private static final Set<String> TERMINAL = Set.of(RUNTIME, DATA_LIMIT_EXCEEDED);

    private ErrorNames() {}

    /**
     * Whether a Retrier's or Catcher's ErrorEquals matches {@code error}. States.ALL matches every
     * error but the terminal ones; States.TaskFailed matches every error but States.Timeout and
     * the terminal ones (AWS's "Handling errors" page, and its recorded executions).
     */
    public static boolean matches(List<String> errorEquals, String error) {
        return matches(errorEquals, error, isTerminal(error));
    }

    /** As {@link #matches(List, String)} for a thrown error, which knows whether it is terminal. */
    static boolean matches(List<String> errorEquals, StatesError e) {
        return matches(errorEquals, e.error(), e.terminal());
    }

    static boolean isTerminal(String error) {
        return error != null && TERMINAL.contains(error); // a Fail state may have no Error
    }

    private static boolean matches(List<String> errorEquals, String error, boolean terminal) {
        if (terminal) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(error) || ALL.equals(name) || (TASK_FAILED.equals(name) && !TIMEOUT.equals(error))) {
                return true;
            }
        }
        return false;
    }
}
