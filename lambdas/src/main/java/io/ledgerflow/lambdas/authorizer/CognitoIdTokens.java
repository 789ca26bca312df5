package io.ledgerflow.lambdas.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.ledgerflow.core.failure.InfrastructureException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a Cognito user pool's ID token the way Cognito's guide says
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html):
 * an RS256 signature by a key of the pool's JWKS ({@code ISSUER/.well-known/jwks.json}), {@code iss}
 * the pool, {@code aud} the console's app client, {@code token_use} {@code id}, and {@code exp} not
 * passed at this verifier's clock.
 *
 * <p>The key set is fetched on first use and kept for the container's life ({@link #KEYS_KEPT});
 * a token signed by a key it does not hold makes it fetch once more (Cognito rotates keys by
 * adding one), at most once per {@link #KEYS_REFETCH_MIN}. Nothing here knows about API Gateway:
 * {@code ConsoleAuthorizerHandler} maps the {@link Verdict} to the authorizer's answer.
 */
public final class CognitoIdTokens {

    /** How long a fetched key set is used before it is fetched again. */
    static final Duration KEYS_KEPT = Duration.ofHours(12);
    /** A token with an unknown key id makes the set be fetched again, at most this often. */
    static final Duration KEYS_REFETCH_MIN = Duration.ofSeconds(30);
    /** The key set's fetch: connect and read, each (the function's timeout is a few seconds). */
    static final Duration KEYS_FETCH_TIMEOUT = Duration.ofSeconds(2);
    /** A token longer than this is not Cognito's (an ID token with many groups is a few KB). */
    static final int TOKEN_CHARS_MAX = 8 * 1024;
    /** Groups read from one token, at most (Cognito allows 100 per user). */
    static final int GROUPS_MAX = 100;

    private final String issuer;
    private final String clientId;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor;

    /**
     * @param issuer the pool, {@code https://cognito-idp.REGION.amazonaws.com/POOL_ID}
     * @param clientId the console's app client id (the ID token's audience)
     * @param jwksUrl where the pool's keys are ({@link #jwksUrl(String)}; a local server in tests)
     * @param clock the clock {@code exp} is checked at
     */
    public CognitoIdTokens(String issuer, String clientId, URI jwksUrl, Clock clock) {
        this.issuer = requireText(issuer, "issuer");
        this.clientId = requireText(clientId, "clientId");
        this.clock = Objects.requireNonNull(clock, "clock");
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwksUrl.toURL(), new com.nimbusds.jose.util.DefaultResourceRetriever(
                            (int) KEYS_FETCH_TIMEOUT.toMillis(), (int) KEYS_FETCH_TIMEOUT.toMillis(), 64 * 1024))
                    .cache(KEYS_KEPT.toMillis(), KEYS_FETCH_TIMEOUT.toMillis())
                    .rateLimited(KEYS_REFETCH_MIN.toMillis())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + jwksUrl, e);
        }
        processor = new DefaultJWTProcessor<>();
        // RS256 only: Cognito signs with it, and a token naming another algorithm (none, HS256) is refused.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        // The claims are checked below, in an order that tells an expired token from a forged one.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    /** The pool's key set: {@code ISSUER/.well-known/jwks.json}. */
    public static URI jwksUrl(String issuer) {
        return URI.create(requireText(issuer, "issuer").replaceAll("/+$", "") + "/.well-known/jwks.json");
    }

    /** What a token is: the user it names, expired (but genuine), or refused. */
    public sealed interface Verdict {
        /** A genuine, current ID token of the pool and client. */
        record Valid(String username, String email, List<String> groups, Instant expires, String session) implements Verdict { }

        /** A genuine ID token of the pool and client whose {@code exp} has passed: sign in again. */
        record Expired(Instant expired) implements Verdict { }

        /** Not a token of this pool and client (signature, issuer, audience, use, form): {@code why} is logged. */
        record Refused(String why) implements Verdict { }
    }

    /**
     * Verifies {@code token} (the compact JWT); a bad token is a {@link Verdict.Refused}, never an exception.
     *
     * @throws KeysUnavailableException when the pool's key set cannot be fetched (nothing is decided about the token)
     */
    public Verdict verify(String token) {
        if (token == null || token.isBlank() || token.length() > TOKEN_CHARS_MAX) {
            return new Verdict.Refused(token == null || token.isBlank() ? "no token" : "token too long");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return new Verdict.Refused("not a JWT: " + e.getMessage());
        } catch (BadJOSEException e) {
            return new Verdict.Refused("signature: " + e.getMessage());
        } catch (com.nimbusds.jose.KeySourceException e) {
            throw new KeysUnavailableException("the pool's keys could not be fetched from the JWKS URL", e);
        } catch (JOSEException e) {
            return new Verdict.Refused("signature: " + e.getMessage());
        }
        return checkClaims(claims);
    }

    /** Thrown when the pool's key set cannot be fetched: the token is neither accepted nor refused. */
    public static final class KeysUnavailableException extends InfrastructureException {
        KeysUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Verdict checkClaims(JWTClaimsSet claims) {
        if (!issuer.equals(claims.getIssuer())) {
            return new Verdict.Refused("issuer " + claims.getIssuer());
        }
        if (claims.getAudience() == null || !claims.getAudience().equals(List.of(clientId))) {
            return new Verdict.Refused("audience " + claims.getAudience());
        }
        String use = stringClaim(claims, "token_use");
        if (!"id".equals(use)) {
            return new Verdict.Refused("token_use " + use + ", not id");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return new Verdict.Refused("no exp");
        }
        Instant expires = exp.toInstant();
        if (!clock.instant().isBefore(expires)) {
            return new Verdict.Expired(expires);
        }
        String username = stringClaim(claims, "cognito:username");
        if (username == null || username.isBlank()) {
            return new Verdict.Refused("no cognito:username");
        }
        String session = stringClaim(claims, "origin_jti");
        if (session == null || session.isBlank()) {
            session = claims.getJWTID();
        }
        return new Verdict.Valid(username, stringClaim(claims, "email"), groups(claims), expires, session == null ? "" : session);
    }

    private static List<String> groups(JWTClaimsSet claims) {
        List<String> groups = new ArrayList<>();
        Object claim = claims.getClaim("cognito:groups");
        if (claim instanceof List<?> list) {
            for (Object g : list) {
                if (g instanceof String s && groups.size() < GROUPS_MAX) {
                    groups.add(s);
                }
            }
        }
        return List.copyOf(groups);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value.strip();
    }
}
