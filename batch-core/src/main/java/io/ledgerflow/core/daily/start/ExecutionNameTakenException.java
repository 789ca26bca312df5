package io.ledgerflow.core.daily.start;

import io.ledgerflow.core.failure.BusinessFailureException;

/** Thrown by {@link DailyExecutions#start} when an execution of that name exists (closed, or with another input). */
public final class ExecutionNameTakenException extends BusinessFailureException {

    public ExecutionNameTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}
