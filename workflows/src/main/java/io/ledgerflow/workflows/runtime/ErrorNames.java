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

    /** Terminal errors: States.ALL and States.TaskFailed do not match them, and nothing retries them. */
    private static final Set<String> TERMINAL = Set.of(RUNTIME, DATA_LIMIT_EXCEEDED);

    private ErrorNames() {}

    /**
     * Whether a Retrier's or Catcher's ErrorEquals matches {@code error}. States.ALL matches every
     * error but the terminal ones; States.TaskFailed matches every error but States.Timeout and
     * the terminal ones (AWS's "Handling errors" page).
     */
    public static boolean matches(List<String> errorEquals, String error) {
        for (String name : errorEquals) {
            if (name.equals(error) && !TERMINAL.contains(error)) {
                return true;
            }
            if (ALL.equals(name) && !TERMINAL.contains(error)) {
                return true;
            }
            if (TASK_FAILED.equals(name) && !TERMINAL.contains(error) && !TIMEOUT.equals(error)) {
                return true;
            }
        }
        return false;
    }
}
