package io.ledgerflow.console.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import io.ledgerflow.console.ConsoleApp;
import io.ledgerflow.console.ConsoleSettings;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.CloseReadiness;
import io.ledgerflow.console.backend.ConsoleBackend;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.MonthView;
import io.ledgerflow.console.backend.Upload;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in on AWS through the console app over HTTP: a page without a session goes to the user
 * pool's /oauth2/authorize with a state and an S256 PKCE challenge; /callback exchanges the code at
 * a local stand-in of the pool's /oauth2/token, which checks the code, the redirect URI and that the
 * verifier hashes to the challenge it was given (as Cognito does:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html); the ID token ends
 * in an HttpOnly, Secure, SameSite=Lax cookie. Requests carry the request context as the Lambda Web
 * Adapter does, with the Lambda authorizer's context at {@code authorizer.lambda}.
 */
class CognitoSignInFunctionalTests {

    static final String CLIENT_ID = "4l0n6q1n2e3x4a5m6p7l8e9c0d";
    static final String CONSOLE_URL = "https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/";
    static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    @TempDir
    Path dir;

    private HttpServer pool;
    private Javalin app;
    private final Map<String, String> issuedCodes = new ConcurrentHashMap<>();
    private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private String idToken;

    @BeforeEach
    void start() throws IOException {
        idToken = unsignedJwt("{\"email\":\"keiko.tanaka@example.co.jp\",\"token_use\":\"id\"}");
        pool = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pool.createContext("/oauth2/token", exchange -> {
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            tokenRequests.add(form);
            String challenge = issuedCodes.remove(String.valueOf(form.get("code")));
            boolean ok = "POST".equals(exchange.getRequestMethod())
                    && "application/x-www-form-urlencoded".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                    && "authorization_code".equals(form.get("grant_type")) && CLIENT_ID.equals(form.get("client_id"))
                    && (CONSOLE_URL + "callback").equals(form.get("redirect_uri"))
                    && challenge != null && challenge.equals(CognitoSignIn.challenge(String.valueOf(form.get("code_verifier"))));
            byte[] body = (ok ? "{\"id_token\":\"" + idToken + "\",\"access_token\":\"access\",\"refresh_token\":\"refresh\","
                    + "\"expires_in\":3600,\"token_type\":\"Bearer\"}" : "{\"error\":\"invalid_grant\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pool.start();
        Map<String, String> env = new LinkedHashMap<>(Map.of("LEDGERFLOW_CONSOLE_IDENTITY", "aws-lambda-authorizer",
                "AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap", "AWS_LAMBDA_FUNCTION_NAME", "ledgerflow-console",
                "LEDGERFLOW_CONSOLE_CLIENT_ID", CLIENT_ID, "LEDGERFLOW_CONSOLE_URL", CONSOLE_URL,
                "LEDGERFLOW_CONSOLE_SIGNIN_URL", poolUrl()));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        app = ConsoleApp.create(new AuditOnlyBackend(audit), AuthorizerAuthenticator.fromEnvironment(env, clock, http),
                ConsoleSettings.defaults(dir.resolve("uploads")).withClock(clock)).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        pool.stop(0);
    }

    @Test
    void pageWithoutSession_goesToTheUserPoolsAuthorizeEndpoint_withStateAndS256Challenge() throws Exception {
        HttpResponse<String> page = get("/day/2026-11-03", notSignedIn(), null);

        assertThat(page.statusCode()).isEqualTo(303);
        URI authorize = URI.create(page.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(poolUrl() + "/oauth2/authorize?");
        Map<String, String> query = parse(authorize.getRawQuery());
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", CONSOLE_URL + "callback").containsEntry("scope", "openid email profile")
                .containsEntry("code_challenge_method", "S256");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(43);
        String cookie = setCookie(page, CognitoSignIn.SIGNIN_COOKIE);
        assertThat(cookie).contains("; Path=/callback; Max-Age=600; HttpOnly; Secure; SameSite=Lax");
        String[] started = cookieValue(cookie).split("\\.");
        assertThat(started[0]).isEqualTo(query.get("state"));
        assertThat(CognitoSignIn.challenge(started[1])).isEqualTo(query.get("code_challenge"));
        assertThat(query.get("code_challenge")).isNotEqualTo(started[1]);
    }

    @Test
    void theSignInPage_andTheHomePageWithoutACookie_goToTheUserPool_theHomePageWithOne_toTheMonthBehindTheAuthorizer()
            throws Exception {
        HttpResponse<String> signin = get("/signin", null, null);
        HttpResponse<String> homeFirstVisit = get("/", null, null);
        HttpResponse<String> homeWithCookie = get("/", null, "ledgerflow_id=some.token.value");

        assertThat(signin.statusCode()).isEqualTo(303);
        assertThat(signin.headers().firstValue("Location").orElseThrow()).startsWith(poolUrl() + "/oauth2/authorize?");
        assertThat(homeFirstVisit.headers().firstValue("Location").orElseThrow()).startsWith(poolUrl() + "/oauth2/authorize?");
        assertThat(homeWithCookie.statusCode()).isEqualTo(303);
        assertThat(homeWithCookie.headers().firstValue("Location")).contains("/month");
    }

    @Test
    void callback_exchangesTheCodeWithTheVerifier_setsTheIdTokenCookie_andReturnsToThePage() throws Exception {
        SignIn started = startSignIn("/day/2026-11-03");
        issuedCodes.put("code-123", started.challenge());

        HttpResponse<String> callback = get("/callback?code=code-123&state=" + started.state(), null,
                CognitoSignIn.SIGNIN_COOKIE + "=" + started.cookie());

        assertThat(callback.statusCode()).isEqualTo(303);
        assertThat(callback.headers().firstValue("Location")).contains("/day/2026-11-03");
        assertThat(setCookie(callback, CognitoSignIn.TOKEN_COOKIE))
                .isEqualTo("ledgerflow_id=" + idToken + "; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax");
        assertThat(setCookie(callback, CognitoSignIn.SIGNIN_COOKIE)).startsWith("ledgerflow_signin=; Path=/callback; Max-Age=0");
        assertThat(tokenRequests).singleElement().satisfies(form -> assertThat(form).doesNotContainKey("client_secret"));
        assertThat(audit).filteredOn(e -> e.action().equals("SIGN_IN")).singleElement()
                .satisfies(e -> assertThat(e.by()).isEqualTo("keiko.tanaka@example.co.jp"));
    }

    @Test
    void callback_withAnotherState_isRefused_beforeAnyCodeIsExchanged() throws Exception {
        SignIn started = startSignIn("/day/2026-11-03");
        issuedCodes.put("code-123", started.challenge());
        SignIn other = startSignIn("/month/2026-11");

        HttpResponse<String> callback = get("/callback?code=code-123&state=" + other.state(), null,
                CognitoSignIn.SIGNIN_COOKIE + "=" + started.cookie());
        HttpResponse<String> noCookie = get("/callback?code=code-123&state=" + started.state(), null, null);

        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(noCookie.statusCode()).isEqualTo(400);
        assertThat(tokenRequests).isEmpty();
        assertThat(callback.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("ledgerflow_id="));
        assertThat(audit).filteredOn(e -> e.action().equals("SIGN_IN_REFUSED")).hasSize(2);
    }

    @Test
    void callback_whoseVerifierIsNotTheChallenges_isRefusedByTheTokenEndpoint_andSetsNoToken() throws Exception {
        SignIn started = startSignIn("/day/2026-11-03");
        issuedCodes.put("code-123", started.challenge());
        SignIn other = startSignIn("/day/2026-11-03");
        // The right state, another sign-in's verifier: a code stolen on its way back is of no use.
        String forged = started.state() + "." + other.cookie().split("\\.")[1] + "." + started.cookie().split("\\.")[2];

        HttpResponse<String> callback = get("/callback?code=code-123&state=" + started.state(), null,
                CognitoSignIn.SIGNIN_COOKIE + "=" + forged);

        assertThat(callback.statusCode()).isEqualTo(401);
        assertThat(tokenRequests).hasSize(1);
        assertThat(callback.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("ledgerflow_id="));
    }

    @Test
    void signedInPageRequest_isServed_andAnExpiredCachedAnswer_goesToSignInAgain() throws Exception {
        HttpResponse<String> signedIn = get("/month", signedIn(NOW.plusSeconds(600)), null);
        HttpResponse<String> cachedPastExpiry = get("/month", signedIn(NOW.minusSeconds(1)), null);

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).contains("/month/2026-11");
        assertThat(cachedPastExpiry.headers().firstValue("Location").orElseThrow()).startsWith(poolUrl() + "/oauth2/authorize?");
    }

    @Test
    void postWithoutSession_isRefused_notRedirected() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(base() + "/month/2026-11/close"))
                .header(AuthorizerAuthenticator.REQUEST_CONTEXT_HEADER, notSignedIn())
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void signOut_dropsTheTokenCookie_andGoesToTheUserPoolsLogout() throws Exception {
        String context = signedIn(NOW.plusSeconds(600));
        String csrf = csrfOf(context);
        HttpRequest post = HttpRequest.newBuilder(URI.create(base() + "/signout"))
                .header(AuthorizerAuthenticator.REQUEST_CONTEXT_HEADER, context)
                .header(ConsoleApp.CSRF_HEADER, csrf).POST(HttpRequest.BodyPublishers.noBody()).build();

        HttpResponse<String> out = http.send(post, HttpResponse.BodyHandlers.ofString());

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location").orElseThrow()).isEqualTo(poolUrl() + "/logout?client_id=" + CLIENT_ID
                + "&logout_uri=" + java.net.URLEncoder.encode(CONSOLE_URL + "signin", StandardCharsets.UTF_8));
        assertThat(setCookie(out, CognitoSignIn.TOKEN_COOKIE)).startsWith("ledgerflow_id=; Path=/; Max-Age=0; HttpOnly; Secure");
        assertThat(out.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("form-action 'self' " + poolUrl());
    }

    @Test
    void health_answersWithoutASession() throws Exception {
        HttpResponse<String> health = get("/health", null, null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
    }

    @Test
    void returnPaths_stayOnTheConsole() {
        assertThat(CognitoSignIn.safeReturnPath("/day/2026-11-03")).isEqualTo("/day/2026-11-03");
        assertThat(CognitoSignIn.safeReturnPath("//evil.example/x")).isEqualTo("/month");
        assertThat(CognitoSignIn.safeReturnPath("https://evil.example/")).isEqualTo("/month");
        assertThat(CognitoSignIn.safeReturnPath("/\\evil.example")).isEqualTo("/month");
        assertThat(CognitoSignIn.safeReturnPath("/callback")).isEqualTo("/month");
        assertThat(CognitoSignIn.safeReturnPath("/")).isEqualTo("/month");
    }

    // --- helpers ---------------------------------------------------------------------------------

    record SignIn(String state, String challenge, String cookie) { }

    private SignIn startSignIn(String page) throws Exception {
        HttpResponse<String> redirect = get(page, notSignedIn(), null);
        Map<String, String> query = parse(URI.create(redirect.headers().firstValue("Location").orElseThrow()).getRawQuery());
        return new SignIn(query.get("state"), query.get("code_challenge"), cookieValue(setCookie(redirect, CognitoSignIn.SIGNIN_COOKIE)));
    }

    private static String csrfOf(String context) {
        assertThat(context).contains("\"session\":\"origin-jti-1\"");
        // The CSRF token on AWS: SHA-256 of the session the authorizer passes (AuthorizerAuthenticator.csrfToken).
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest("ledgerflow-console-csrf:origin-jti-1".getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> get(String path, String requestContext, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "text/html");
        if (requestContext != null) {
            request.header(AuthorizerAuthenticator.REQUEST_CONTEXT_HEADER, requestContext);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String notSignedIn() {
        return "{\"authorizer\":{\"lambda\":{\"signedIn\":false,\"reason\":\"no token cookie\"}},\"routeKey\":\"ANY /{proxy+}\"}";
    }

    private static String signedIn(Instant exp) {
        return "{\"authorizer\":{\"lambda\":{\"signedIn\":true,\"username\":\"3f1c-user-sub\",\"email\":\"keiko.tanaka@example.co.jp\","
                + "\"groups\":\"closer,viewer\",\"exp\":" + exp.getEpochSecond() + ",\"session\":\"origin-jti-1\"}},"
                + "\"routeKey\":\"ANY /{proxy+}\"}";
    }

    private String base() {
        return "http://127.0.0.1:" + app.port();
    }

    private String poolUrl() {
        return "http://127.0.0.1:" + pool.getAddress().getPort();
    }

    private static String setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no Set-Cookie " + name + " in " + response.headers().map()));
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String unsignedJwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(new byte[64]);
    }

    /** A ledger of no months: these tests reach only the sign-in, the home redirect and the audit. */
    static final class AuditOnlyBackend implements ConsoleBackend {
        private final List<AuditEvent> audit;

        AuditOnlyBackend(List<AuditEvent> audit) {
            this.audit = audit;
        }

        @Override
        public void record(AuditEvent event) {
            audit.add(event);
        }

        @Override
        public List<AuditEvent> audit(YearMonth month, int eventsMax) {
            return new ArrayList<>(audit);
        }

        @Override
        public MonthView month(YearMonth month) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public DayView day(LocalDate date) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public Optional<String> rejectsCsv(LocalDate date) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public String startRerun(LocalDate date, Upload upload, String reason, ConsoleUser by) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public void markNoFile(java.time.LocalDate date, String reason, ConsoleUser by) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public void unmarkNoFile(java.time.LocalDate date, String reason, ConsoleUser by) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public CloseReadiness readiness(YearMonth month) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public String startClose(YearMonth month, ConsoleUser by, String overrideReason, String unaccountedDaysReason) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public void reopen(YearMonth month, String reason, ConsoleUser by) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public Optional<String> glExportCsv(YearMonth month) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public Optional<JobView> job(String jobId) {
            throw new UnsupportedOperationException("not in these tests");
        }
    }
}
