package io.ledgerflow.console.auth;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The local console's sign-in: a name and password checked against the {@link UsersFile}, then the
 * user held in the servlet session (Jetty's session cookie, HttpOnly, SameSite=Strict, Secure over
 * TLS: configured by {@code ConsoleApp}). The session id changes at sign-in (no fixation).
 */
public final class PasswordAuthenticator implements Authenticator {

    private static final String USER = "ledgerflow.user";
    private static final String CSRF = "ledgerflow.csrf";
    private static final int CSRF_TOKEN_BYTES = 32;

    private final UsersFile users;
    private final SecureRandom random = new SecureRandom();

    public PasswordAuthenticator(UsersFile users) {
        this.users = users;
    }

    @Override
    public Optional<ConsoleUser> user(Context ctx) {
        HttpSession session = ctx.req().getSession(false);
        return session == null ? Optional.empty()
                : Optional.ofNullable((ConsoleUser) session.getAttribute(USER));
    }

    @Override
    public String csrfToken(Context ctx) {
        HttpSession session = ctx.req().getSession(true);
        synchronized (session) {
            String token = (String) session.getAttribute(CSRF);
            if (token == null) {
                byte[] bytes = new byte[CSRF_TOKEN_BYTES];
                random.nextBytes(bytes);
                token = HexFormat.of().formatHex(bytes);
                session.setAttribute(CSRF, token);
            }
            return token;
        }
    }

    @Override
    public boolean passwordSignIn() {
        return true;
    }

    @Override
    public Optional<ConsoleUser> signIn(Context ctx, String name, char[] password) {
        Optional<ConsoleUser> user = users.check(name, password);
        user.ifPresent(u -> {
            HttpSession old = ctx.req().getSession(false);
            if (old != null) {
                old.invalidate();
            }
            HttpSession session = ctx.req().getSession(true);
            session.setAttribute(USER, u);
        });
        return user;
    }

    @Override
    public void signOut(Context ctx) {
        HttpSession session = ctx.req().getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
