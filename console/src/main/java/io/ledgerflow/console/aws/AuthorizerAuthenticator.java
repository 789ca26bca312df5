package io.ledgerflow.console.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.ledgerflow.console.auth.Authenticator;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.ExternalSignIn;
import io.ledgerflow.console.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sends a request on AWS: the identity the console's Lambda authorizer (lambdas,
 * ConsoleAuthorizerHandler) put in its context after verifying the Cognito ID token in the
 * {@value CognitoSignIn#TOKEN_COOKIE} cookie (signature against the pool's keys, issuer, audience,
 * {@code token_use}, expiry). The Lambda Web Adapter hands the event's request context to the app in
 * the {@value #REQUEST_CONTEXT_HEADER} header; for an HTTP API (payload 2.0) a Lambda authorizer's
 * context is at {@code authorizer.lambda}
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html):
 * {@code signedIn}, {@code username}, {@code email}, {@code groups} (comma-separated),
 * {@code exp} (epoch seconds) and {@code session}.
 *
 * <p><b>Trust.</b> The header is the adapter's: it sets it on every request, replacing a header of
 * that name that a client sent. So this class is only ever built by {@link #fromEnvironment}, which
 * refuses unless the console is configured for AWS ({@value #IDENTITY_VARIABLE} =
 * {@value #IDENTITY_MODE}) and runs behind the adapter in a Lambda function. Locally the console
 * uses its password sign-in and never reads the header. API Gateway caches the authorizer's answer
 * per Cookie header, so {@code exp} is checked again here, at the console's clock.
 *
 * <p><b>Who and what.</b> The recorded name is the user's e-mail (the pool's sign-in name; its
 * {@code cognito:username} is an opaque id). The role is the strongest of the user's groups that
 * name a role ({@code viewer}, {@code operator}, {@code closer}); a user in none has no access.
 */
public final class AuthorizerAuthenticator implements Authenticator {

    public static final String REQUEST_CONTEXT_HEADER = "x-amzn-request-context";
    public static final String IDENTITY_VARIABLE = "LEDGERFLOW_CONSOLE_IDENTITY";
    public static final String IDENTITY_MODE = "aws-lambda-authorizer";
    static final String CLIENT_ID_VARIABLE = "LEDGERFLOW_CONSOLE_CLIENT_ID";
    /** The managed login's domain, https://PREFIX.auth.REGION.amazoncognito.com. */
    static final String SIGNIN_URL_VARIABLE = "LEDGERFLOW_CONSOLE_SIGNIN_URL";
    /** The console's own URL (the API's), whose /callback is the app client's callback URL. */
    static final String CONSOLE_URL_VARIABLE = "LEDGERFLOW_CONSOLE_URL";
    /** The Lambda Web Adapter's wrapper script: the function's runtime starts the web server through it. */
    static final String WEB_ADAPTER_WRAPPER = "/opt/bootstrap";
    /** A request context larger than this is not API Gateway's (its whole request is at most 10 MB, headers far less). */
    private static final int CONTEXT_CHARS_MAX = 64 * 1024;
    /** Groups read from one context, at most (Cognito allows 100 per user; the console knows 3). */
    private static final int GROUPS_MAX = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final CognitoSignIn signIn;

    AuthorizerAuthenticator(Clock clock, CognitoSignIn signIn) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signIn = Objects.requireNonNull(signIn, "signIn");
    }

    /**
     * The authenticator of a console deployed by workflows/template.yaml (ConsoleFunction).
     *
     * @throws IllegalStateException unless the environment is that function's: the identity mode is
     *         {@value #IDENTITY_MODE}, the Lambda Web Adapter wraps the runtime, and the client, the
     *         sign-in domain and the console's URL are set
     */
    public static AuthorizerAuthenticator fromEnvironment(Map<String, String> env, Clock clock, HttpClient http) {
        if (!IDENTITY_MODE.equals(env.get(IDENTITY_VARIABLE))) {
            throw new IllegalStateException(IDENTITY_VARIABLE + " is not " + IDENTITY_MODE
                    + ": the authorizer's context is trusted only on AWS, behind the Lambda authorizer");
        }
        if (!WEB_ADAPTER_WRAPPER.equals(env.get("AWS_LAMBDA_EXEC_WRAPPER")) || isBlank(env.get("AWS_LAMBDA_FUNCTION_NAME"))) {
            throw new IllegalStateException("not in a Lambda function behind the Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER "
                    + WEB_ADAPTER_WRAPPER + "): a " + REQUEST_CONTEXT_HEADER + " header here could come from anyone");
        }
        CognitoSignIn.Settings settings = new CognitoSignIn.Settings(
                URI.create(requireText(env.get(SIGNIN_URL_VARIABLE), SIGNIN_URL_VARIABLE)),
                requireText(env.get(CLIENT_ID_VARIABLE), CLIENT_ID_VARIABLE),
                URI.create(requireText(env.get(CONSOLE_URL_VARIABLE), CONSOLE_URL_VARIABLE)));
        return new AuthorizerAuthenticator(clock, new CognitoSignIn(settings, http, new SecureRandom()));
    }

    @Override
    public Optional<ConsoleUser> user(Context ctx) {
        return identity(ctx.header(REQUEST_CONTEXT_HEADER));
    }

    /**
     * The user a request context names, or empty: no authorizer context (a route without the
     * authorizer), not signed in (no token, or an expired one), {@code exp} passed since the
     * authorizer's answer was cached, no e-mail, or no group that is a role.
     */
    Optional<ConsoleUser> identity(String requestContext) {
        JsonNode context = authorizerContext(requestContext);
        if (context == null || !context.path("signedIn").asBoolean(false)) {
            return Optional.empty();
        }
        long exp = context.path("exp").asLong(0);
        if (clock.instant().getEpochSecond() >= exp) {
            return Optional.empty();
        }
        String email = text(context, "email");
        if (isBlank(email)) {
            return Optional.empty();
        }
        return strongestRole(groups(context.get("groups"))).map(role -> new ConsoleUser(email.strip(), role));
    }

    /**
     * Bound to the sign-in session: a digest of the token's {@code origin_jti} (the same for the ID
     * tokens refreshed from one sign-in), which the authorizer passes as {@code session}. The token's
     * cookie is SameSite=Lax, so a cross-site form POST does not carry it; the CSRF token is checked
     * on every POST all the same.
     */
    @Override
    public String csrfToken(Context ctx) {
        JsonNode context = authorizerContext(ctx.header(REQUEST_CONTEXT_HEADER));
        String session = context == null ? null : text(context, "session");
        // Without a session there is no user, and every state-changing route needs one.
        return sha256("ledgerflow-console-csrf:" + (session == null ? "" : session));
    }

    @Override
    public boolean passwordSignIn() {
        return false;
    }

    /** No password sign-in on AWS: Cognito's managed login issues the token ({@link #externalSignIn}). */
    @Override
    public Optional<ConsoleUser> signIn(Context ctx, String name, char[] password) {
        return Optional.empty();
    }

    /** Nothing on the server: {@link CognitoSignIn#signOut} drops the cookie and goes to Cognito's /logout. */
    @Override
    public void signOut(Context ctx) {
        // no server-side session on AWS
    }

    @Override
    public Optional<ExternalSignIn> externalSignIn() {
        return Optional.of(signIn);
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
     * The groups of the context's {@code groups}: the authorizer's comma-separated string, a JSON
     * array, the string form of an array ({@code [closer viewer]}), or a single group.
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

    private static JsonNode authorizerContext(String requestContext) {
        if (requestContext == null || requestContext.isBlank() || requestContext.length() > CONTEXT_CHARS_MAX) {
            return null;
        }
        try {
            JsonNode context = JSON.readTree(requestContext).path("authorizer").path("lambda");
            return context.isObject() ? context : null;
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
