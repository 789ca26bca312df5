package io.ledgerflow.console.backend;

import java.time.Instant;
import java.util.List;

/**
 * A background job (a rerun or a close) as the page polls it.
 *
 * @param kind RERUN or CLOSE
 * @param subject the day (yyyy-MM-dd) or the month (yyyy-MM)
 * @param state RUNNING, SUCCEEDED or FAILED
 * @param partitions partitions of the day's file, 0 until known
 * @param linesTotal lines of the day's file, 0 until known
 * @param etaSeconds estimated seconds left, or -1 when not known
 * @param steps what happened so far, in order (a close's steps, a rerun's phases)
 * @param error the failure's name, or null
 * @param cause the failure in words, or null
 * @param resultId the published run id or the export batch id, or null
 */
public record JobView(
        String jobId,
        String kind,
        String subject,
        String state,
        String requestedBy,
        Instant startedAt,
        Instant finishedAt,
        int partitions,
        int partitionsDone,
        long linesTotal,
        long linesDone,
        long etaSeconds,
        List<String> steps,
        String error,
        String cause,
        String resultId) {
    public JobView {
        steps = List.copyOf(steps);
    }

    public boolean running() {
        return "RUNNING".equals(state);
    }
}
