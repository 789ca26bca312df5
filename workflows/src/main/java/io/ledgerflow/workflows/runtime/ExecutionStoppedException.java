package io.ledgerflow.workflows.runtime;

/**
 * Thrown inside a child execution that Step Functions stopped (its Map Run failed): not a
 * {@link StatesError}, so no Retry or Catch of the child handles it; the child just ends.
 */
final class ExecutionStoppedException extends RuntimeException {

    ExecutionStoppedException(String message) {
        super(message, null, false, false); // control flow, not a bug: no stack trace
    }
}
