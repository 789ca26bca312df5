package io.ledgerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/** Maps a failed execution's error name (what Lambda reports: the exception class) to DESIGN's exit codes. */
final class FailureNames {

    private static final Set<String> BAD_INPUT = Set.of(
            "io.ledgerflow.core.billing.BadInputFileException",
            "io.ledgerflow.core.rules.RulesFileException",
            "io.ledgerflow.core.rules.NoRuleSetException");
    private static final Set<String> BUSINESS = Set.of(
            "io.ledgerflow.core.daily.RejectThresholdExceededException",
            "io.ledgerflow.core.store.PeriodNotOpenException",
            "io.ledgerflow.core.store.ConcurrentRunException",
            "io.ledgerflow.core.store.DayAlreadyPublishedException",
            "io.ledgerflow.core.close.ExportMismatchException",
            "io.ledgerflow.core.store.RunStateException",
            "io.ledgerflow.core.journal.InvariantViolationException",
            "States.ExceedToleratedFailureThreshold",
            "io.ledgerflow.core.store.PeriodTransitionException",
            "io.ledgerflow.core.close.ReleaseNotVerifiedException",
            "io.ledgerflow.core.close.CloseRefusedException",
            "io.ledgerflow.core.close.ReconciliationException");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FailureNames() {}

    static int exitCode(String error) {
        if (BAD_INPUT.contains(error)) {
            return ExitCode.BAD_INPUT;
        }
        return BUSINESS.contains(error) ? ExitCode.FAILED : ExitCode.INFRASTRUCTURE;
    }

    /** The human part of a cause: Lambda's {@code errorMessage} when the cause is its error JSON. */
    static String message(String cause) {
        if (cause == null) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(cause);
            if (node != null && node.hasNonNull("errorMessage")) {
                return node.get("errorMessage").asText();
            }
        } catch (Exception notJson) {
            // a plain-text cause
        }
        return cause;
    }
}
