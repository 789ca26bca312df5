package io.ledgerflow.workflows.runtime;

/** An execution's status, as DescribeExecution names it. */
public enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    /** Stopped before it ended; here: accepted by the local server, which stopped before it began. */
    ABORTED;

    /** True once the execution has ended (it has a stop date). */
    public boolean closed() {
        return this != RUNNING;
    }

    /** The statuses of an execution that ended without succeeding: what RedriveExecution may resume. */
    public boolean unsuccessful() {
        return this == FAILED || this == TIMED_OUT || this == ABORTED;
    }
}
