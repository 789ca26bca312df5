package io.ledgerflow.console.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.ledgerflow.console.auth.ExternalSignIn;
import io.ledgerflow.console.auth.SignInFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Sign-in through the user pool's managed login with the authorization code grant and PKCE
 * (docs/aws.md, "Finance console on AWS"):
 *
 * <ol>
 *   <li>{@link #start}: a random {@code state} and PKCE {@code code_verifier} go into the short-lived
 *       cookie {@value #SIGNIN_COOKIE} (HttpOnly, Secure, SameSite=Lax, path /callback), and the
 *       browser to {@code DOMAIN/oauth2/authorize} with the state and the S256 {@code code_challenge}
 *       (https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html);</li>
 *   <li>{@link #finish} ({@code GET /callback?code&state}): the state must be the cookie's; the code
 *       and the verifier are exchanged at {@code DOMAIN/oauth2/token}
 *       (https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html), and the ID
 *       token goes into {@value #TOKEN_COOKIE} (HttpOnly, Secure, SameSite=Lax, for the token's
 *       life), which the API's Lambda authorizer verifies on every request;</li>
 *   <li>{@link #signOut}: the cookie is dropped and the browser sent to {@code DOMAIN/logout}
 *       (https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html).</li>
 * </ol>
 *
 * <p>The app client is public (no secret: workflows/template.yaml, ConsoleUserPoolClient); PKCE is
 * what binds the code to the browser that started the sign-in.
 */
public final class CognitoSignIn implements ExternalSignIn {

    /** The ID token's cookie; the authorizer reads the same name (lambdas, ConsoleAuthorizerHandler.TOKEN_COOKIE). */
    public static final String TOKEN_COOKIE = "ledgerflow_id";
    /** The sign-in's state, PKCE verifier and return path, between {@link #start} and {@link #finish}. */
    public static final String SIGNIN_COOKIE = "ledgerflow_signin";
    public static final String CALLBACK_PATH = "/callback";
    /** Where a sign-in that names no page ends: the month page (behind the authorizer). */
    public static final String HOME = "/month";
    /** How long a started sign-in may take (the managed login with MFA is a minute or two). */
    static final Duration SIGNIN_MAX = Duration.ofMinutes(10);
    /** The longest a token cookie is kept, whatever {@code expires_in} says (the pool's ID tokens live 60 minutes). */
    static final Duration TOKEN_COOKIE_MAX = Duration.ofHours(1);
    static final Duration TOKEN_EXCHANGE_TIMEOUT = Duration.ofSeconds(5);
    /** Browsers keep cookies of about 4 KB; a larger token would be dropped without a word. */
    static final int COOKIE_CHARS_MAX = 4000;
    /** A token endpoint answer larger than this is not Cognito's. */
    static final int TOKEN_RESPONSE_CHARS_MAX = 64 * 1024;
    static final int RETURN_PATH_CHARS_MAX = 512;
    private static final String SCOPES = "openid email profile";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param domain the user pool's managed login domain, {@code https://PREFIX.auth.REGION.amazoncognito.com}
     * @param clientId the console's app client (public: no secret)
     * @param consoleUrl the console's own URL, {@code https://API.execute-api.REGION.amazonaws.com/}:
     *        its {@code callback} and {@code signin} are the client's callback and sign-out URLs
     */
    public record Settings(URI domain, String clientId, URI consoleUrl) {
        public Settings {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(consoleUrl, "consoleUrl");
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("clientId is blank");
            }
        }

        String redirectUri() {
            return base(consoleUrl) + CALLBACK_PATH;
        }

        String logoutUri() {
            return base(consoleUrl) + "/signin";
        }

        String endpoint(String path) {
            return base(domain) + path;
        }

        private static String base(URI uri) {
            return uri.toString().replaceAll("/+$", "");
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final SecureRandom random;

    public CognitoSignIn(Settings settings, HttpClient http, SecureRandom random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void start(Context ctx, String returnPath) {
        // "/" has no authorizer (a browser's first request may carry no cookie at all, and the API
        // would answer a bare 401): with a token cookie, the month page, behind the authorizer, decides.
        if ("/".equals(returnPath) && ctx.cookie(TOKEN_COOKIE) != null) {
            ctx.redirect(HOME, HttpStatus.SEE_OTHER);
            return;
        }
        String state = randomToken();
        String verifier = randomToken();
        String back = Base64.getUrlEncoder().withoutPadding().encodeToString(
                safeReturnPath(returnPath).getBytes(StandardCharsets.UTF_8));
        setCookie(ctx, SIGNIN_COOKIE, state + "." + verifier + "." + back, CALLBACK_PATH, SIGNIN_MAX);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", settings.redirectUri());
        query.put("scope", SCOPES);
        query.put("state", state);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(settings.endpoint("/oauth2/authorize") + "?" + form(query), HttpStatus.SEE_OTHER);
    }

    @Override
    public String finish(Context ctx) {
        String[] started = parseSigninCookie(ctx.cookie(SIGNIN_COOKIE));
        // The sign-in cookie is used once, whatever happens next.
        setCookie(ctx, SIGNIN_COOKIE, "", CALLBACK_PATH, Duration.ZERO);
        if (ctx.queryParam("error") != null) {
            throw new SignInFailedException(401, "the sign-in was refused: " + limit(ctx.queryParam("error"), 64));
        }
        String state = ctx.queryParam("state");
        String code = ctx.queryParam("code");
        if (started == null) {
            throw new SignInFailedException(400, "no sign-in was started in this browser, or it took longer than "
                    + SIGNIN_MAX.toMinutes() + " minutes: sign in again");
        }
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                started[0].getBytes(StandardCharsets.UTF_8))) {
            throw new SignInFailedException(400, "the sign-in's state does not match this browser's: sign in again");
        }
        if (code == null || code.isBlank() || code.length() > 512) {
            throw new SignInFailedException(400, "the sign-in came back without a code");
        }
        JsonNode tokens = exchange(code, started[1]);
        String idToken = tokens.path("id_token").asText("");
        if (idToken.isEmpty() || idToken.length() > COOKIE_CHARS_MAX - TOKEN_COOKIE.length() - 100) {
            throw new SignInFailedException(401, idToken.isEmpty() ? "the user pool gave no ID token"
                    : "the ID token is too large for a cookie (" + idToken.length() + " characters)");
        }
        long expiresIn = tokens.path("expires_in").asLong(TOKEN_COOKIE_MAX.toSeconds());
        Duration keep = Duration.ofSeconds(Math.max(1, Math.min(expiresIn, TOKEN_COOKIE_MAX.toSeconds())));
        setCookie(ctx, TOKEN_COOKIE, idToken, "/", keep);
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(new String(Base64.getUrlDecoder().decode(started[2]), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
        return name(idToken);
    }

    @Override
    public void signOut(Context ctx) {
        setCookie(ctx, TOKEN_COOKIE, "", "/", Duration.ZERO);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", settings.clientId());
        query.put("logout_uri", settings.logoutUri());
        ctx.redirect(settings.endpoint("/logout") + "?" + form(query), HttpStatus.SEE_OTHER);
    }

    @Override
    public String origin() {
        URI domain = settings.domain();
        return domain.getScheme() + "://" + domain.getAuthority();
    }

    /** The code and verifier for the pool's tokens: a form POST to /oauth2/token, no client secret. */
    private JsonNode exchange(String code, String verifier) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("client_id", settings.clientId());
        body.put("code", code);
        body.put("redirect_uri", settings.redirectUri());
        body.put("code_verifier", verifier);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.endpoint("/oauth2/token")))
                .timeout(TOKEN_EXCHANGE_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SignInFailedException(401, "the user pool's token endpoint could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailedException(401, "interrupted while exchanging the sign-in's code", e);
        }
        String text = response.body() == null ? "" : response.body();
        if (text.length() > TOKEN_RESPONSE_CHARS_MAX) {
            throw new SignInFailedException(401, "the token endpoint's answer is too large");
        }
        JsonNode json;
        try {
            json = JSON.readTree(text.isEmpty() ? "{}" : text);
        } catch (IOException e) {
            throw new SignInFailedException(401, "the token endpoint's answer is not JSON (HTTP " + response.statusCode() + ")", e);
        }
        if (response.statusCode() != 200) {
            throw new SignInFailedException(401, "the user pool refused the sign-in's code: HTTP " + response.statusCode()
                    + " " + limit(json.path("error").asText(""), 64));
        }
        return json;
    }

    /**
     * The e-mail (else the username) in the ID token, for the audit of the sign-in. Read without
     * checking the signature: the token came straight from the pool's token endpoint over TLS
     * (OpenID Connect Core 1.0, 3.1.3.7), and the authorizer verifies it on every request after.
     */
    static String name(String idToken) {
        String[] parts = idToken.split("\\.");
        if (parts.length != 3) {
            return "-";
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String email = claims.path("email").asText("");
            return !email.isBlank() ? email : claims.path("cognito:username").asText("-");
        } catch (IOException | IllegalArgumentException e) {
            return "-";
        }
    }

    /** A local path to come back to: one slash, no scheme or host; anything else is {@link #HOME}. */
    static String safeReturnPath(String path) {
        if (path == null || path.length() > RETURN_PATH_CHARS_MAX || !path.startsWith("/") || path.startsWith("//")
                || path.contains("\\") || path.chars().anyMatch(c -> c < 0x21 || c > 0x7e)
                || path.equals("/") || path.startsWith("/signin") || path.startsWith(CALLBACK_PATH)) {
            return HOME;
        }
        return path;
    }

    /** {state, verifier, return path (base64url)}, or null when absent or not of that form. */
    private static String[] parseSigninCookie(String value) {
        if (value == null || value.length() > 1024) {
            return null;
        }
        String[] parts = value.split("\\.");
        if (parts.length != 3 || parts[0].length() < 43 || parts[1].length() < 43 || parts[1].length() > 128) {
            return null;
        }
        try {
            String back = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
            return safeReturnPath(back).equals(back) || back.equals(HOME) ? parts : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** 32 random bytes, base64url: a state, or a PKCE verifier of 43 characters (RFC 7636 asks 43 to 128). */
    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The S256 code challenge: base64url of the verifier's SHA-256 (RFC 7636, 4.2). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A cookie the browser sends back on the console's requests only (HttpOnly: no script reads it;
     * Secure: HTTPS only), and on the top-level redirect back from the managed login (SameSite=Lax:
     * Strict would drop it there, docs/aws.md). {@code keep} zero deletes it.
     */
    private static void setCookie(Context ctx, String name, String value, String path, Duration keep) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + path + "; Max-Age=" + keep.toSeconds()
                + "; HttpOnly; Secure; SameSite=Lax");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String limit(String text, int charsMax) {
        String t = text == null ? "" : text.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > charsMax ? t.substring(0, charsMax) : t;
    }
}
