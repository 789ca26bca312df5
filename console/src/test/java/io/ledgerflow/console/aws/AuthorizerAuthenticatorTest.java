package io.ledgerflow.console.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.ledgerflow.console.auth.Authenticator;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.PasswordAuthenticator;
import io.ledgerflow.console.auth.Role;
import io.ledgerflow.console.auth.UsersFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Identity on AWS from the console's Lambda authorizer. The request contexts under
 * {@code src/test/resources/aws/} are an HTTP API's (payload 2.0, as the Lambda Web Adapter forwards
 * it in {@code x-amzn-request-context}), shaped as AWS documents them
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html),
 * with the context ConsoleAuthorizerHandler (lambdas) returns at {@code authorizer.lambda}.
 */
class AuthorizerAuthenticatorTest {

    static final String CLIENT_ID = "4l0n6q1n2e3x4a5m6p7l8e9c0d";
    static final Map<String, String> LAMBDA_ENV = Map.of("LEDGERFLOW_CONSOLE_IDENTITY", "aws-lambda-authorizer",
            "AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap", "AWS_LAMBDA_FUNCTION_NAME", "ledgerflow-console",
            "LEDGERFLOW_CONSOLE_CLIENT_ID", CLIENT_ID,
            "LEDGERFLOW_CONSOLE_SIGNIN_URL", "https://ledgerflow-console-123456789012.auth.ap-northeast-1.amazoncognito.com",
            "LEDGERFLOW_CONSOLE_URL", "https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/");
    /** The contexts' time: their tokens expire at 1795136400 (2026-11-20T01:00:00Z). */
    static final Clock BEFORE_EXPIRY = Clock.fixed(Instant.parse("2026-11-20T00:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final AuthorizerAuthenticator authenticator = fromEnvironment(LAMBDA_ENV, BEFORE_EXPIRY);

    static AuthorizerAuthenticator fromEnvironment(Map<String, String> env, Clock clock) {
        return AuthorizerAuthenticator.fromEnvironment(env, clock, HttpClient.newHttpClient());
    }

    static String context(String name) {
        try (InputStream in = AuthorizerAuthenticatorTest.class.getResourceAsStream("/aws/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("test resource /aws/" + name + ".json", e);
        }
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource({
        "closer-and-viewer, keiko.tanaka@example.co.jp, CLOSER",
        "operator,          hanako.sato@example.co.jp,  OPERATOR",
    })
    void identity_isTheUsersEmail_withTheStrongestRoleOfTheirGroups(String context, String name, Role role) {
        assertThat(authenticator.identity(context(context))).contains(new ConsoleUser(name, role));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "no-role-group",         // signed in, but in no group that is a role: no access
        "no-groups-claim",       // in no group at all
        "not-signed-in",         // no token cookie, or an expired token: the authorizer let it through unnamed
        "open-route",            // a route without the authorizer (the sign-in page): no context
        "jwt-authorizer-claims", // a JWT authorizer's claims: not this API's authorizer, not read
    })
    void identity_isEmpty_forAContextThatNamesNoConsoleUser(String context) {
        assertThat(authenticator.identity(context(context))).isEmpty();
    }

    @Test
    void identity_isEmpty_onceTheTokensExpiryHasPassed_thoughTheAuthorizersAnswerIsStillCached() {
        AuthorizerAuthenticator atExpiry = fromEnvironment(LAMBDA_ENV, Clock.fixed(Instant.ofEpochSecond(1795136400), ZoneOffset.UTC));

        assertThat(authenticator.identity(context("closer-and-viewer"))).isPresent();
        assertThat(atExpiry.identity(context("closer-and-viewer"))).isEmpty();
    }

    @Test
    void groups_areReadInTheHttpApisStringForm_andInTheTokensArrayForm() throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();

        assertThat(AuthorizerAuthenticator.groups(json.readTree("\"[closer viewer]\""))).containsExactly("closer", "viewer");
        assertThat(AuthorizerAuthenticator.groups(json.readTree("[\"operator\",\"viewer\"]"))).containsExactly("operator", "viewer");
        assertThat(AuthorizerAuthenticator.groups(json.readTree("\"viewer\""))).containsExactly("viewer");
        assertThat(AuthorizerAuthenticator.strongestRole(java.util.List.of("viewer", "auditors", "operator")))
                .contains(Role.OPERATOR);
    }

    @Test
    void theContext_isTrustedOnlyWhenConfiguredForAws_behindTheWebAdapterInAFunction() {
        Map<String, String> local = new java.util.HashMap<>(LAMBDA_ENV);
        local.remove("LEDGERFLOW_CONSOLE_IDENTITY");
        Map<String, String> noAdapter = new java.util.HashMap<>(LAMBDA_ENV);
        noAdapter.remove("AWS_LAMBDA_EXEC_WRAPPER");
        Map<String, String> noFunction = new java.util.HashMap<>(LAMBDA_ENV);
        noFunction.remove("AWS_LAMBDA_FUNCTION_NAME");
        Map<String, String> noClient = new java.util.HashMap<>(LAMBDA_ENV);
        noClient.remove("LEDGERFLOW_CONSOLE_CLIENT_ID");

        Map<String, String> noSignInDomain = new java.util.HashMap<>(LAMBDA_ENV);
        noSignInDomain.remove("LEDGERFLOW_CONSOLE_SIGNIN_URL");

        assertThatThrownBy(() -> fromEnvironment(local, BEFORE_EXPIRY)).hasMessageContaining("only on AWS");
        assertThatThrownBy(() -> fromEnvironment(noAdapter, BEFORE_EXPIRY)).hasMessageContaining("Lambda Web Adapter");
        assertThatThrownBy(() -> fromEnvironment(noFunction, BEFORE_EXPIRY)).hasMessageContaining("Lambda Web Adapter");
        assertThatThrownBy(() -> fromEnvironment(noClient, BEFORE_EXPIRY)).hasMessageContaining("CLIENT_ID");
        assertThatThrownBy(() -> fromEnvironment(noSignInDomain, BEFORE_EXPIRY)).hasMessageContaining("SIGNIN_URL");
    }

    @Test
    void overHttp_theAwsAuthenticatorReadsTheAdaptersHeader_andTheLocalOneIgnoresAClientsHeaderOfThatName()
            throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        Javalin aws = serve(authenticator);
        Javalin local = serve(new PasswordAuthenticator(users));
        try {
            String closer = context("closer-and-viewer").replace("\n", "");

            assertThat(get(aws, closer)).isEqualTo("keiko.tanaka@example.co.jp CLOSER csrf:64");
            assertThat(get(aws, null)).isEqualTo("nobody csrf:64");
            assertThat(get(local, closer)).isEqualTo("nobody csrf:64");
        } finally {
            aws.stop();
            local.stop();
        }
    }

    @Test
    void theCsrfToken_isTheSameForOneSignInAcrossRefreshedTokens_andDiffersBetweenSignIns() throws Exception {
        String first = context("closer-and-viewer").replace("\n", "");
        // A refreshed token of the same sign-in: another exp, the same origin_jti (the authorizer's session).
        String refreshed = first.replace("1795136400", "1795137000");
        String otherSignIn = first.replace("5c3a9f0e-1d2b-4c6e-9f8a-7b6c5d4e3f21", "99999999-8888-4777-8666-555555555555");
        Javalin aws = serveCsrf(authenticator);
        try {
            assertThat(get(aws, first)).isEqualTo(get(aws, refreshed)).isNotEqualTo(get(aws, otherSignIn));
        } finally {
            aws.stop();
        }
    }

    private static Javalin serve(Authenticator authenticator) {
        return Javalin.create(config -> config.routes.get("/who", ctx -> {
            Optional<ConsoleUser> user = authenticator.user(ctx);
            ctx.result(user.map(u -> u.name() + " " + u.role()).orElse("nobody") + " csrf:"
                    + authenticator.csrfToken(ctx).length());
        })).start("127.0.0.1", 0);
    }

    private static Javalin serveCsrf(Authenticator authenticator) {
        return Javalin.create(config -> config.routes.get("/who", ctx -> ctx.result(authenticator.csrfToken(ctx))))
                .start("127.0.0.1", 0);
    }

    private static String get(Javalin app, String requestContext) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/who"));
        if (requestContext != null) {
            request.header(AuthorizerAuthenticator.REQUEST_CONTEXT_HEADER, requestContext);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
