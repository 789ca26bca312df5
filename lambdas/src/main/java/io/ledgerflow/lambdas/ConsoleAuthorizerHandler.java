package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import io.ledgerflow.lambdas.authorizer.CognitoIdTokens;
import io.ledgerflow.lambdas.authorizer.CognitoIdTokens.Verdict;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Function {@code console-authorizer}: the finance console's HTTP API Lambda authorizer (REQUEST,
 * payload format 2.0, simple responses; workflows/template.yaml, ConsoleApiAuthorizer). Its identity
 * source is the {@code Cookie} header; it verifies the Cognito ID token in the cookie
 * {@value #TOKEN_COOKIE} ({@link CognitoIdTokens}) and answers
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html):
 *
 * <ul>
 *   <li>a valid token: {@code isAuthorized} true, context {@code signedIn} true, {@code username},
 *       {@code email}, {@code groups} (the {@code cognito:groups}, comma-separated), {@code exp}
 *       (epoch seconds), {@code session} (the token's {@code origin_jti});</li>
 *   <li>no token cookie, or a genuine token that has expired: {@code isAuthorized} true, context
 *       {@code signedIn} false; the console then sends a page request to sign in again (API
 *       Gateway's own answer to a refusal is a bare 403 JSON, which a browser cannot act on);</li>
 *   <li>a token that is not the pool's (signature, issuer, audience, an access token): refused,
 *       API Gateway answers 403 and the console never runs.</li>
 * </ul>
 *
 * <p>The answer is cached by API Gateway for the same Cookie header, so the console also checks
 * {@code exp} against its own clock. Environment: {@code LEDGERFLOW_CONSOLE_ISSUER},
 * {@code LEDGERFLOW_CONSOLE_CLIENT_ID}.
 */
public final class ConsoleAuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** The cookie the console keeps the ID token in (io.ledgerflow.console.aws.CognitoSignIn). */
    public static final String TOKEN_COOKIE = "ledgerflow_id";
    /** Cookies read from one request, at most. */
    static final int COOKIES_MAX = 50;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAuthorizerHandler.class);

    private final Function<String, String> environment;
    private final Clock clock;
    private volatile CognitoIdTokens tokens;

    /** For the Lambda runtime: the function's variables, the system clock. */
    public ConsoleAuthorizerHandler() {
        this(FunctionEnvironment::get, Clock.systemUTC(), null);
    }

    /** For tests: {@code tokens} verifies against their own key set (null: built from the environment). */
    public ConsoleAuthorizerHandler(Function<String, String> environment, Clock clock, CognitoIdTokens tokens) {
        this.environment = environment;
        this.clock = clock;
        this.tokens = tokens;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String token = tokenCookie(event);
        if (token == null) {
            return answer(true, Map.of("signedIn", false, "reason", "no token cookie"));
        }
        Verdict verdict = tokens().verify(token);
        return switch (verdict) {
            case Verdict.Valid v -> {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("signedIn", true);
                ctx.put("username", v.username());
                ctx.put("email", v.email() == null ? "" : v.email());
                ctx.put("groups", String.join(",", v.groups()));
                ctx.put("exp", v.expires().getEpochSecond());
                ctx.put("session", v.session());
                yield answer(true, ctx);
            }
            case Verdict.Expired e -> answer(true, Map.of("signedIn", false, "reason", "token expired"));
            case Verdict.Refused r -> {
                LOG.warn("console token refused: {}", r.why());
                yield answer(false, Map.of());
            }
        };
    }

    private CognitoIdTokens tokens() {
        CognitoIdTokens built = tokens;
        if (built == null) {
            // Built on first use, not in the constructor: with SnapStart the key set is then fetched
            // after the restore, by the container that uses it.
            String issuer = required("LEDGERFLOW_CONSOLE_ISSUER");
            built = new CognitoIdTokens(issuer, required("LEDGERFLOW_CONSOLE_CLIENT_ID"), CognitoIdTokens.jwksUrl(issuer), clock);
            tokens = built;
        }
        return built;
    }

    private static Map<String, Object> answer(boolean authorized, Map<String, Object> context) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("isAuthorized", authorized);
        answer.put("context", context);
        return answer;
    }

    /**
     * The value of {@value #TOKEN_COOKIE}: from the event's {@code cookies} (payload 2.0 moves the
     * Cookie header there), else from a {@code cookie} header. Null when absent.
     */
    static String tokenCookie(Map<String, Object> event) {
        if (event == null) {
            return null;
        }
        if (event.get("cookies") instanceof List<?> cookies) {
            String found = null;
            for (int i = 0; i < Math.min(cookies.size(), COOKIES_MAX); i++) {
                String value = cookieValue(String.valueOf(cookies.get(i)));
                found = value != null ? value : found;
            }
            if (found != null) {
                return found;
            }
        }
        if (event.get("headers") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> h : headers.entrySet()) {
                if ("cookie".equalsIgnoreCase(String.valueOf(h.getKey())) && h.getValue() != null) {
                    String[] pairs = String.valueOf(h.getValue()).split(";");
                    for (int i = 0; i < Math.min(pairs.length, COOKIES_MAX); i++) {
                        String value = cookieValue(pairs[i]);
                        if (value != null) {
                            return value;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String cookieValue(String pair) {
        String p = pair.strip();
        int eq = p.indexOf('=');
        if (eq < 0 || !p.substring(0, eq).strip().equals(TOKEN_COOKIE)) {
            return null;
        }
        String value = p.substring(eq + 1).strip();
        return value.isEmpty() ? null : value;
    }

    private String required(String name) {
        String value = environment.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set (workflows/template.yaml, ConsoleAuthorizerFunction)");
        }
        return value.strip();
    }
}
