package io.ledgerflow.lambdas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.ledgerflow.lambdas.authorizer.CognitoIdTokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's Lambda authorizer on real tokens: RS256 tokens signed here with a test key whose
 * JWKS a local HTTP server serves (as the pool serves {@code /.well-known/jwks.json}), fed in the
 * HTTP API's payload 2.0 request event (events/console-authorizer-request.json).
 */
class ConsoleAuthorizerHandlerTests {

    static final String ISSUER = "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_Test1234";
    static final String CLIENT = "console-client-id";
    static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicInteger keyFetches = new AtomicInteger();
    private HttpServer jwksServer;
    private static RSAKey poolKey;
    private static RSAKey otherKey;
    private ConsoleAuthorizerHandler handler;

    /** RSA key generation is slow on a busy machine: the two keys are made once for the class. */
    @BeforeAll
    static void makeKeys() throws JOSEException {
        poolKey = new RSAKeyGenerator(2048).keyID("pool-key-1").generate();
        // Same key id, another key: a token signed with it claims the pool's key but is not signed by it.
        otherKey = new RSAKeyGenerator(2048).keyID("pool-key-1").generate();
    }

    @BeforeEach
    void servePoolKeys() throws Exception {
        byte[] jwks = new JWKSet(poolKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/ap-northeast-1_Test1234/.well-known/jwks.json", exchange -> {
            keyFetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.start();
        handler = handlerWithKeysAt(URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort()
                + "/ap-northeast-1_Test1234/.well-known/jwks.json"));
    }

    @AfterEach
    void stop() {
        jwksServer.stop(0);
    }

    private static ConsoleAuthorizerHandler handlerWithKeysAt(URI jwks) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new ConsoleAuthorizerHandler(name -> null, clock, new CognitoIdTokens(ISSUER, CLIENT, jwks, clock));
    }

    @Test
    void validIdToken_isAuthorized_withTheUserAndGroupsInTheContext() throws Exception {
        String token = sign(poolKey, idToken(c -> c));

        Map<String, Object> answer = handler.handleRequest(event(List.of("ledgerflow_lang=ja", "ledgerflow_id=" + token)), null);

        assertThat(answer).containsEntry("isAuthorized", true);
        assertThat(context(answer)).containsEntry("signedIn", true).containsEntry("username", "3f1c-user-sub")
                .containsEntry("email", "keiko.tanaka@example.com").containsEntry("groups", "closer,viewer")
                .containsEntry("exp", NOW.plus(Duration.ofMinutes(30)).getEpochSecond())
                .containsEntry("session", "origin-jti-1");
    }

    @Test
    void expiredIdToken_isAuthorizedAsNotSignedIn_soThatTheConsoleSendsTheBrowserToSignIn() throws Exception {
        String token = sign(poolKey, idToken(c -> c.expirationTime(Date.from(NOW.minusSeconds(1)))));

        Map<String, Object> answer = handler.handleRequest(event(List.of("ledgerflow_id=" + token)), null);

        assertThat(answer).containsEntry("isAuthorized", true);
        assertThat(context(answer)).containsEntry("signedIn", false).containsEntry("reason", "token expired")
                .doesNotContainKeys("username", "groups");
    }

    @Test
    void tokenExpiringNow_isExpired() throws Exception {
        String token = sign(poolKey, idToken(c -> c.expirationTime(Date.from(NOW))));

        assertThat(context(handler.handleRequest(event(List.of("ledgerflow_id=" + token)), null)))
                .containsEntry("signedIn", false);
    }

    @Test
    void tokenOfAnotherAppClient_isRefused() throws Exception {
        String token = sign(poolKey, idToken(c -> c.audience("another-client")));

        assertThat(handler.handleRequest(event(List.of("ledgerflow_id=" + token)), null))
                .containsEntry("isAuthorized", false).containsEntry("context", Map.of());
    }

    @Test
    void tokenOfAnotherPool_isRefused() throws Exception {
        String token = sign(poolKey, idToken(c -> c.issuer("https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_Other")));

        assertThat(handler.handleRequest(event(List.of("ledgerflow_id=" + token)), null)).containsEntry("isAuthorized", false);
    }

    @Test
    void accessTokenInsteadOfIdToken_isRefused() throws Exception {
        // Cognito's access token: token_use access, the client in client_id, no aud.
        String token = sign(poolKey, idToken(c -> c.audience((String) null).claim("token_use", "access").claim("client_id", CLIENT)));
        String withAudience = sign(poolKey, idToken(c -> c.claim("token_use", "access")));

        assertThat(handler.handleRequest(event(List.of("ledgerflow_id=" + token)), null)).containsEntry("isAuthorized", false);
        assertThat(handler.handleRequest(event(List.of("ledgerflow_id=" + withAudience)), null)).containsEntry("isAuthorized", false);
    }

    @Test
    void tokenSignedByAnotherKeyUnderThePoolsKeyId_isRefused() throws Exception {
        String token = sign(otherKey, idToken(c -> c));

        assertThat(handler.handleRequest(event(List.of("ledgerflow_id=" + token)), null)).containsEntry("isAuthorized", false);
    }

    @Test
    void tamperedClaims_areRefused() throws Exception {
        String[] parts = sign(poolKey, idToken(c -> c)).split("\\.");
        String closerForAll = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                idToken(c -> c.claim("email", "mallory@example.com")).toString().getBytes(StandardCharsets.UTF_8));

        assertThat(handler.handleRequest(event(List.of("ledgerflow_id=" + parts[0] + "." + closerForAll + "." + parts[2])), null))
                .containsEntry("isAuthorized", false);
    }

    @Test
    void unsignedOrGarbledToken_isRefused() throws Exception {
        String unsigned = new com.nimbusds.jwt.PlainJWT(idToken(c -> c)).serialize();

        assertThat(handler.handleRequest(event(List.of("ledgerflow_id=" + unsigned)), null)).containsEntry("isAuthorized", false);
        assertThat(handler.handleRequest(event(List.of("ledgerflow_id=not-a-jwt")), null)).containsEntry("isAuthorized", false);
    }

    @Test
    void requestWithoutTheTokenCookie_isAuthorizedAsNotSignedIn() throws Exception {
        Map<String, Object> onlyLanguage = handler.handleRequest(event(List.of("ledgerflow_lang=ja")), null);
        Map<String, Object> noCookies = handler.handleRequest(event(null), null);

        assertThat(onlyLanguage).containsEntry("isAuthorized", true);
        assertThat(context(onlyLanguage)).containsEntry("signedIn", false).containsEntry("reason", "no token cookie");
        assertThat(context(noCookies)).containsEntry("signedIn", false);
        assertThat(keyFetches).as("no token, no key fetch").hasValue(0);
    }

    @Test
    void tokenInACookieHeader_isReadToo() throws Exception {
        Map<String, Object> event = event(null);
        event.put("headers", Map.of("Cookie", "ledgerflow_lang=en; ledgerflow_id=" + sign(poolKey, idToken(c -> c))));

        assertThat(context(handler.handleRequest(event, null))).containsEntry("signedIn", true);
    }

    @Test
    void thePoolsKeys_areFetchedOnce_forManyTokens() throws Exception {
        for (int i = 0; i < 5; i++) {
            String token = sign(poolKey, idToken(c -> c));
            assertThat(handler.handleRequest(event(List.of("ledgerflow_id=" + token)), null)).containsEntry("isAuthorized", true);
        }

        assertThat(keyFetches).hasValue(1);
    }

    @Test
    void keysThatCannotBeFetched_failTheInvocation_insteadOfRefusingTheUser() throws Exception {
        int port = jwksServer.getAddress().getPort();
        jwksServer.stop(0);
        ConsoleAuthorizerHandler offline = handlerWithKeysAt(URI.create("http://127.0.0.1:" + port + "/gone/.well-known/jwks.json"));
        String token = sign(poolKey, idToken(c -> c));

        assertThatThrownBy(() -> offline.handleRequest(event(List.of("ledgerflow_id=" + token)), null))
                .isInstanceOf(CognitoIdTokens.KeysUnavailableException.class);
    }

    @Test
    void jwksUrl_isThePoolsWellKnownKeySet() {
        assertThat(CognitoIdTokens.jwksUrl(ISSUER))
                .isEqualTo(URI.create(ISSUER + "/.well-known/jwks.json"));
    }

    // --- tokens and events ----------------------------------------------------------------------

    /** Cognito's ID token claims for a closer, valid 30 more minutes; {@code change} alters them. */
    private static JWTClaimsSet idToken(UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject("3f1c-user-sub").issuer(ISSUER).audience(CLIENT)
                .claim("token_use", "id").claim("cognito:username", "3f1c-user-sub")
                .claim("email", "keiko.tanaka@example.com").claim("cognito:groups", List.of("closer", "viewer"))
                .claim("origin_jti", "origin-jti-1").jwtID("jti-1")
                .issueTime(Date.from(NOW.minus(Duration.ofMinutes(30))))
                .claim("auth_time", NOW.minus(Duration.ofMinutes(30)).getEpochSecond())
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(30))));
        return change.apply(claims).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static Map<String, Object> event(List<String> cookies) throws IOException {
        try (InputStream in = ConsoleAuthorizerHandlerTests.class.getResourceAsStream("/events/console-authorizer-request.json")) {
            Map<String, Object> event = JSON.readValue(in, new TypeReference<>() { });
            if (cookies == null) {
                event.remove("cookies");
            } else {
                event.put("cookies", new ArrayList<>(cookies));
            }
            return event;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> context(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("context");
    }
}
