package io.ledgerflow.workflows.runtime;

/** Thrown when the local service is stopping and accepts no new executions or redrives. */
public final class ServiceStoppingException extends LocalServiceException {
    public ServiceStoppingException(String message) {
        super(message);
    }

    @Override
    public String awsErrorCode() {
        return "ServiceUnavailable";
    }
}
