package io.ledgerflow.console.auth;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who sends a request, and the CSRF token of their session. Locally the console signs users in
 * with a password ({@link PasswordAuthenticator}, a session cookie); on AWS the identity comes from
 * the API Gateway authorizer's claims and {@link #passwordSignIn()} is false.
 */
public interface Authenticator {

    /** The user this request comes from; empty when not signed in. */
    Optional<ConsoleUser> user(Context ctx);

    /**
     * The CSRF token bound to this request's session (created on first use). Every state-changing
     * request must carry it; the app compares it in constant time.
     */
    String csrfToken(Context ctx);

    /** Whether the console shows its own sign-in form (local); false when identity comes from outside. */
    boolean passwordSignIn();

    /**
     * Checks the name and password and, when they match, signs the user in on a new session.
     *
     * @return the user, or empty when refused (unknown name or wrong password: the same answer)
     */
    Optional<ConsoleUser> signIn(Context ctx, String name, char[] password);

    /** Ends the request's session. */
    void signOut(Context ctx);

    /** Sign-in at an identity provider's pages (AWS: Cognito's managed login); empty for the password form. */
    default Optional<ExternalSignIn> externalSignIn() {
        return Optional.empty();
    }
}
