package io.ledgerflow.cli;

import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.Target;
import io.ledgerflow.core.failure.FailureKind;
import java.util.Comparator;
import java.util.List;

/**
 * Why a Distributed Map failed. Its own error, {@code States.ExceedToleratedFailureThreshold}, says
 * only that too many children failed; the children say why (a worker out of memory, out of time,
 * throttled past its retries, or refusing its input). A person acts on the child's reason, and the
 * exit code follows it: a worker that ran out of memory ends the command with exit 3, as the same
 * failure in Prepare or Finalize does.
 */
final class MapRunFailure {

    static final String THRESHOLD_EXCEEDED = "States.ExceedToleratedFailureThreshold";
    /** Failed children read to find the reason, at most. */
    static final int CHILDREN_READ_MAX = 10;

    private MapRunFailure() {}

    /**
     * {@code ended} itself unless it failed because a map run crossed its threshold and a failed
     * child is known; then {@code ended} with the error and cause of the child whose failure weighs
     * most (out of memory, then infrastructure, then bad input, then a business refusal).
     */
    static ExecutionView rootCause(ExecutionView ended, Target target) {
        if (!THRESHOLD_EXCEEDED.equals(ended.error())) {
            return ended;
        }
        List<Target.ChildFailure> children;
        try {
            children = target.failedMapChildren(ended.executionArn(), CHILDREN_READ_MAX);
        } catch (RuntimeException unavailable) {
            return ended; // the map run's own error still says the run failed
        }
        return children.stream().filter(c -> c.error() != null).min(Comparator.comparingInt(MapRunFailure::weight))
                .map(child -> new ExecutionView(ended.executionArn(), ended.stateMachineArn(), ended.name(), ended.status(),
                        ended.input(), ended.output(), child.error(), child.cause(), ended.startDate(), ended.stopDate(),
                        ended.redriveCount(), ended.redriveDate()))
                .orElse(ended);
    }

    /** Lower weighs more. */
    private static int weight(Target.ChildFailure child) {
        if (OutOfMemory.ERRORS.contains(child.error())) {
            return 0;
        }
        return switch (FailureKind.ofErrorName(child.error())) {
            case INFRASTRUCTURE -> 1;
            case BAD_INPUT -> 2;
            case BUSINESS -> 3;
        };
    }
}
