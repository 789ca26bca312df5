package io.ledgerflow.console.auth;

/** Thrown when an identity provider's redirect back cannot complete a sign-in (wrong state, refused code). */
public final class SignInFailedException extends RuntimeException {

    private final int status;

    public SignInFailedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public SignInFailedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the page answers with: 400 for a redirect that is not this browser's, 401 for a refused code. */
    public int status() {
        return status;
    }
}
