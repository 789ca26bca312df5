package io.ledgerflow.console.auth;

import io.javalin.http.Context;

/**
 * Sign-in at an identity provider's own pages (on AWS: Cognito's managed login, authorization code
 * grant with PKCE), for a console that has no password form of its own. The browser is sent there,
 * comes back to {@code /callback}, and from then on carries the session the provider issued.
 */
public interface ExternalSignIn {

    /** Sends the browser to the provider's sign-in; once signed in, it comes back to {@code returnPath}. */
    void start(Context ctx, String returnPath);

    /**
     * The provider's redirect back ({@code GET /callback}): checks it, keeps the session in the
     * browser and redirects to the page the sign-in started from.
     *
     * @return the name of who signed in, for the audit
     * @throws SignInFailedException when the redirect is not the answer to this browser's sign-in,
     *         or the provider refuses the code
     */
    String finish(Context ctx);

    /** Drops the browser's session and sends it to the provider's sign-out. */
    void signOut(Context ctx);

    /**
     * The provider's origin ({@code https://host}): the pages' Content-Security-Policy lets forms
     * go there, since the sign-out form's POST is redirected to the provider's sign-out.
     */
    String origin();
}
