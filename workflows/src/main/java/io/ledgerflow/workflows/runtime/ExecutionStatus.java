package io.ledgerflow.workflows.runtime;

/** An execution's status, as DescribeExecution names it. */
public enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    /**
     * Stopped from outside before it ended, as StopExecution stops one; here: accepted by the local
     * server, which stopped before it began, or left running by a process that ended.
     */
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
