package io.ledgerflow.console.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.ledgerflow.console.auth.Authenticator;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sends a request on AWS: the claims of the Cognito ID token that the HTTP API's JWT authorizer
 * has validated (signature, issuer, audience, expiry) before the function ran. The Lambda Web Adapter
 * hands the event's request context to the app in the {@value #REQUEST_CONTEXT_HEADER} header; for
 * an HTTP API (payload 2.0) the claims are at {@code authorizer.jwt.claims}, every value a string
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html),
 * an array claim such as {@code cognito:groups} written as {@code [closer viewer]}.
 *
 * <p><b>Trust.</b> The header is the adapter's: it sets it on every request, replacing a header of
 * that name that a client sent. So this class is only ever built by {@link #fromEnvironment}, which
 * refuses unless the console is configured for AWS ({@value #IDENTITY_VARIABLE} =
 * {@value #IDENTITY_MODE}) and runs behind the adapter in a Lambda function. Locally the console
 * uses its password sign-in and never reads the header. Beyond that, the claims must name this
 * stack's user pool ({@code iss}) and console client ({@code aud}), and be an ID token's.
 *
 * <p><b>Who and what.</b> The recorded name is the user's e-mail (the pool's sign-in name; its
 * {@code cognito:username} is an opaque id). The role is the strongest of the user's groups that
 * name a role ({@code viewer}, {@code operator}, {@code closer}); a user in none has no access.
 */
public final class AuthorizerAuthenticator implements Authenticator {

    public static final String REQUEST_CONTEXT_HEADER = "x-amzn-request-context";
    public static final String IDENTITY_VARIABLE = "LEDGERFLOW_CONSOLE_IDENTITY";
    public static final String IDENTITY_MODE = "aws-jwt-authorizer";
    static final String ISSUER_VARIABLE = "LEDGERFLOW_CONSOLE_ISSUER";
    static final String CLIENT_ID_VARIABLE = "LEDGERFLOW_CONSOLE_CLIENT_ID";
    /** The Lambda Web Adapter's wrapper script: the function's runtime starts the web server through it. */
    static final String WEB_ADAPTER_WRAPPER = "/opt/bootstrap";
    /** A request context larger than this is not API Gateway's (its whole request is at most 10 MB, headers far less). */
    private static final int CONTEXT_CHARS_MAX = 64 * 1024;
    /** Groups read from one token, at most (Cognito allows 100 per user; the console knows 3). */
    private static final int GROUPS_MAX = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final String clientId;

    AuthorizerAuthenticator(String issuer, String clientId) {
        this.issuer = requireText(issuer, ISSUER_VARIABLE);
        this.clientId = requireText(clientId, CLIENT_ID_VARIABLE);
    }

    /**
     * The authenticator of a console deployed by workflows/template.yaml (ConsoleFunction).
     *
     * @throws IllegalStateException unless the environment is that function's: the identity mode is
     *         {@value #IDENTITY_MODE}, the Lambda Web Adapter wraps the runtime, and the issuer and
     *         client are set
     */
    public static AuthorizerAuthenticator fromEnvironment(Map<String, String> env) {
        if (!IDENTITY_MODE.equals(env.get(IDENTITY_VARIABLE))) {
            throw new IllegalStateException(IDENTITY_VARIABLE + " is not " + IDENTITY_MODE
                    + ": the authorizer's claims are trusted only on AWS, behind the JWT authorizer");
        }
        if (!WEB_ADAPTER_WRAPPER.equals(env.get("AWS_LAMBDA_EXEC_WRAPPER")) || isBlank(env.get("AWS_LAMBDA_FUNCTION_NAME"))) {
            throw new IllegalStateException("not in a Lambda function behind the Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER "
                    + WEB_ADAPTER_WRAPPER + "): a " + REQUEST_CONTEXT_HEADER + " header here could come from anyone");
        }
        return new AuthorizerAuthenticator(env.get(ISSUER_VARIABLE), env.get(CLIENT_ID_VARIABLE));
    }

    @Override
    public Optional<ConsoleUser> user(Context ctx) {
        return identity(ctx.header(REQUEST_CONTEXT_HEADER));
    }

    /**
     * The user a request context names, or empty: no context or claims (a route without the
     * authorizer), another pool or client, not an ID token, no e-mail, or no group that is a role.
     */
    Optional<ConsoleUser> identity(String requestContext) {
        JsonNode claims = claims(requestContext);
        if (claims == null || !issuer.equals(text(claims, "iss")) || !clientId.equals(text(claims, "aud"))
                || !"id".equals(text(claims, "token_use"))) {
            return Optional.empty();
        }
        String email = text(claims, "email");
        if (isBlank(email)) {
            return Optional.empty();
        }
        return strongestRole(groups(claims.get("cognito:groups"))).map(role -> new ConsoleUser(email.strip(), role));
    }

    /**
     * Bound to the sign-in session: a digest of the token's {@code origin_jti} (the same for the ID
     * tokens refreshed from one sign-in), else its {@code jti}. The console's requests carry the
     * token in the Authorization header, which a cross-site form cannot send: the token is kept
     * because the app checks it on every POST, and it costs an attacker a token they cannot read.
     */
    @Override
    public String csrfToken(Context ctx) {
        JsonNode claims = claims(ctx.header(REQUEST_CONTEXT_HEADER));
        String session = claims == null ? null
                : !isBlank(text(claims, "origin_jti")) ? text(claims, "origin_jti") : text(claims, "jti");
        // Without claims there is no user, and every state-changing route is behind the authorizer.
        return sha256("ledgerflow-console-csrf:" + (session == null ? "" : session));
    }

    @Override
    public boolean passwordSignIn() {
        return false;
    }

    /** No password sign-in on AWS: Cognito's sign-in pages issue the token. */
    @Override
    public Optional<ConsoleUser> signIn(Context ctx, String name, char[] password) {
        return Optional.empty();
    }

    /** Nothing on the server: the browser drops its tokens and goes to Cognito's /logout. */
    @Override
    public void signOut(Context ctx) {
        // no server-side session on AWS
    }

    /** The strongest role among {@code groups}; groups that name no role are ignored. */
    static Optional<Role> strongestRole(List<String> groups) {
        Role strongest = null;
        for (String group : groups) {
            for (Role role : Role.values()) {
                if (role.name().toLowerCase(Locale.ROOT).equals(group) && (strongest == null || role.includes(strongest))) {
                    strongest = role;
                }
            }
        }
        return Optional.ofNullable(strongest);
    }

    /**
     * The groups of a {@code cognito:groups} claim: a JSON array (the token's own form), or the
     * HTTP API's string form of an array, {@code [closer viewer]}, or a single group.
     */
    static List<String> groups(JsonNode claim) {
        List<String> groups = new ArrayList<>();
        if (claim == null || claim.isNull()) {
            return groups;
        }
        if (claim.isArray()) {
            for (JsonNode g : claim) {
                if (groups.size() < GROUPS_MAX && g.isTextual()) {
                    groups.add(g.asText());
                }
            }
            return groups;
        }
        String text = claim.asText().strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        for (String g : text.split("[\\s,]+")) {
            if (!g.isEmpty() && groups.size() < GROUPS_MAX) {
                groups.add(g);
            }
        }
        return groups;
    }

    private static JsonNode claims(String requestContext) {
        if (requestContext == null || requestContext.isBlank() || requestContext.length() > CONTEXT_CHARS_MAX) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(requestContext).path("authorizer").path("jwt").path("claims");
            return claims.isObject() ? claims : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value == null || !value.isValueNode() ? null : value.asText();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String requireText(String value, String variable) {
        if (isBlank(value)) {
            throw new IllegalStateException(variable + " is not set (workflows/template.yaml, ConsoleFunction)");
        }
        return Objects.requireNonNull(value).strip();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
