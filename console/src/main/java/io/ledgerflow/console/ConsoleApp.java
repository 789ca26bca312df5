package io.ledgerflow.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;
import io.ledgerflow.console.auth.Authenticator;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.Role;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.ConsoleBackend;
import io.ledgerflow.console.web.ConsoleRoutes;
import io.ledgerflow.console.web.Formats;
import io.ledgerflow.console.web.Messages;
import io.ledgerflow.console.web.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finance console as a Javalin app over a {@link ConsoleBackend} (the ledger: local home or
 * AWS) and an {@link Authenticator} (who sends a request). {@link #create} builds it, unstarted:
 * the caller starts it on a host and port ({@code ledgerflow console}: 127.0.0.1) or hands its
 * servlet to another server.
 *
 * <p>Security, in the order a request meets it: sign-in (every page but the sign-in page and the
 * static assets); the CSRF token on every POST (form field {@value #CSRF_FIELD} or header
 * {@value #CSRF_HEADER}); the route's role. Each refusal is logged and recorded in the audit.
 */
public final class ConsoleApp {

    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The language a person chose on the page, kept for a year. */
    public static final String LANG_COOKIE = "ledgerflow_lang";
    public static final String SESSION_COOKIE = "LEDGERFLOW_SESSION";
    static final Duration SESSION_IDLE_MAX = Duration.ofHours(8);

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    private static final String USER_ATTRIBUTE = "ledgerflow.console.user";
    private static final String PAGE_ATTRIBUTE = "ledgerflow.console.page";
    /**
     * Paths anyone may get: the sign-in page, the identity provider's redirect back, the health
     * check and the static files (on AWS, the routes without the authorizer: workflows/template.yaml).
     */
    private static final Set<String> OPEN_PREFIXES = Set.of("/signin", "/callback", "/health", "/assets/", "/webjars/");

    private ConsoleApp() {}

    /**
     * The console, configured and unstarted.
     *
     * @param backend the ledger the console reads and acts on
     * @param authenticator who sends each request (local: password sign-in and a session)
     * @param settings limits, clock and time zone
     */
    public static Javalin create(ConsoleBackend backend, Authenticator authenticator, ConsoleSettings settings) {
        try {
            Files.createDirectories(settings.uploadDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload folder " + settings.uploadDirectory(), e);
        }
        TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
        ConsoleApp.Security security = new Security(backend, authenticator, settings);
        ConsoleRoutes routes = new ConsoleRoutes(backend, authenticator, settings, templates);
        // Sign-out on AWS is a form POST redirected to the identity provider's /logout: browsers
        // hold a form's redirects to form-action too.
        String formTargets = authenticator.externalSignIn().map(signIn -> " " + signIn.origin()).orElse("");
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.defaultContentType = "text/html; charset=utf-8";
            config.jetty.multipartConfig.cacheDirectory(settings.uploadDirectory().toString());
            config.jetty.multipartConfig.maxFileSize(settings.uploadBytesMax(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(64 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(settings.uploadBytesMax() + 64 * 1024, SizeUnit.BYTES);
            config.jetty.modifyServletContextHandler(handler -> handler.setSessionHandler(sessionHandler()));
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/console/static";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.bundledPlugins.enableGlobalHeaders(headers -> {
                headers.xContentTypeOptionsNoSniff();
                headers.xFrameOptions(io.javalin.plugin.bundled.GlobalHeadersConfig.XFrameOptions.DENY);
                headers.referrerPolicy(io.javalin.plugin.bundled.GlobalHeadersConfig.ReferrerPolicy.SAME_ORIGIN);
                // form-action ends the policy: the identity provider's origin, where sign-out goes, joins it
                headers.contentSecurityPolicy(contentSecurityPolicy(backend.uploadOrigins()) + formTargets);
            });
            config.routes.before(security::signedIn);
            config.routes.beforeMatched(security::allowed);
            routes.register(config.routes, security);
        });
    }

    /**
     * The pages' content security policy: everything from the console itself, except the uploads a
     * backend sends straight to storage ({@code connect-src}: the browser's PUT to the bucket).
     */
    static String contentSecurityPolicy(java.util.List<java.net.URI> uploadOrigins) {
        StringBuilder connect = new StringBuilder("'self'");
        for (java.net.URI origin : uploadOrigins) {
            if (origin.getScheme() == null || origin.getHost() == null || !(origin.getPath() == null || origin.getPath().isEmpty())) {
                throw new IllegalArgumentException("an upload origin is scheme://host[:port], not " + origin);
            }
            connect.append(' ').append(origin);
        }
        return "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src " + connect
                + "; frame-ancestors 'none'; form-action 'self'";
    }

    /**
     * Jetty's session cookie: HttpOnly, SameSite=Strict, Secure whenever the request came over TLS
     * (Jetty's "secure request only"), idle sessions end after {@link #SESSION_IDLE_MAX}.
     */
    private static SessionHandler sessionHandler() {
        SessionHandler sessions = new SessionHandler();
        sessions.setSessionCookie(SESSION_COOKIE);
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.STRICT);
        sessions.setSecureRequestOnly(true);
        sessions.setMaxInactiveInterval((int) SESSION_IDLE_MAX.toSeconds());
        return sessions;
    }

    /** Sign-in, CSRF and roles, and the record of every refusal. */
    public static final class Security {
        private final ConsoleBackend backend;
        private final Authenticator authenticator;
        private final ConsoleSettings settings;

        Security(ConsoleBackend backend, Authenticator authenticator, ConsoleSettings settings) {
            this.backend = backend;
            this.authenticator = authenticator;
            this.settings = settings;
        }

        /** Before every request: who it is, the page's language; a visitor goes to the sign-in page. */
        void signedIn(Context ctx) {
            Optional<ConsoleUser> user = authenticator.user(ctx);
            user.ifPresent(u -> ctx.attribute(USER_ATTRIBUTE, u));
            String explicit = ctx.queryParam("lang");
            if ("ja".equals(explicit) || "en".equals(explicit)) {
                ctx.cookie(new io.javalin.http.Cookie(LANG_COOKIE, explicit, "/", (int) Duration.ofDays(365).toSeconds(),
                        false, true, null, io.javalin.http.SameSite.STRICT));
            }
            if (OPEN_PREFIXES.stream().anyMatch(ctx.path()::startsWith)) {
                if (ctx.method().equals(HandlerType.POST)) {
                    requireCsrf(ctx);
                }
                return;
            }
            if (user.isEmpty()) {
                if (ctx.method().equals(HandlerType.GET)) {
                    // A page asked for without a session: to the sign-in (on AWS straight to the
                    // identity provider, coming back to this page), never a bare 401.
                    authenticator.externalSignIn().ifPresentOrElse(signIn -> signIn.start(ctx, ctx.path()),
                            () -> ctx.redirect("/signin", HttpStatus.SEE_OTHER));
                    ctx.skipRemainingHandlers();
                    return;
                }
                refuse(ctx, HttpStatus.UNAUTHORIZED, "not signed in");
            }
            if (!ctx.method().equals(HandlerType.GET) && !ctx.method().equals(HandlerType.HEAD)) {
                requireCsrf(ctx);
            }
        }

        /** Before a matched endpoint: the route's roles. */
        void allowed(Context ctx) {
            Set<RouteRole> roles = ctx.routeRoles();
            if (roles.isEmpty()) {
                return;
            }
            ConsoleUser user = ctx.attribute(USER_ATTRIBUTE);
            boolean allowed = user != null && roles.stream().anyMatch(r -> user.may((Role) r));
            if (!allowed) {
                refuse(ctx, HttpStatus.FORBIDDEN, "needs role " + roles.iterator().next().toString().toLowerCase()
                        + (user == null ? "" : ", " + user.name() + " is " + user.role().lowerCase()));
            }
        }

        private void requireCsrf(Context ctx) {
            String sent = ctx.header(CSRF_HEADER);
            if (sent == null) {
                sent = ctx.formParam(CSRF_FIELD);
            }
            String expected = authenticator.csrfToken(ctx);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    expected.getBytes(StandardCharsets.UTF_8))) {
                refuse(ctx, HttpStatus.FORBIDDEN, sent == null ? "no CSRF token" : "wrong CSRF token");
            }
        }

        /** Logs and audits a refusal, then ends the request with {@code status} (the error page says it). */
        public void refuse(Context ctx, HttpStatus status, String why) {
            ConsoleUser user = ctx.attribute(USER_ATTRIBUTE);
            String who = user == null ? "-" : user.name();
            LOG.warn("refused {} {} for {}: {} ({})", ctx.method().name(), ctx.path(), who, why, status.getCode());
            record(ctx, "REFUSED", who, ctx.method().name() + " " + ctx.path(), status.getCode() + " " + status.getMessage(), why);
            ctx.attribute("ledgerflow.console.refusal", why);
            throw switch (status) {
                case UNAUTHORIZED -> new io.javalin.http.UnauthorizedResponse(why);
                case FORBIDDEN -> new ForbiddenResponse(why);
                default -> new io.javalin.http.HttpResponseException(status.getCode(), why, Map.of());
            };
        }

        /** Records an audit event at the console's clock. */
        public void record(Context ctx, String action, String who, String subject, String outcome, String reason) {
            backend.record(new AuditEvent(settings.clock().instant(), action, who, subject, outcome, reason));
        }

        /** The signed-in user of this request (set by {@link #signedIn}); null on open pages. */
        public ConsoleUser user(Context ctx) {
            return ctx.attribute(USER_ATTRIBUTE);
        }

        /** The page context of this request: user, CSRF token, language, formats. */
        public Page page(Context ctx) {
            Page page = ctx.attribute(PAGE_ATTRIBUTE);
            if (page == null) {
                String explicit = ctx.queryParam("lang");
                if (explicit == null) {
                    explicit = ctx.cookie(LANG_COOKIE);
                }
                Messages messages = Messages.of(Messages.choose(explicit, ctx.header("Accept-Language")));
                page = new Page(user(ctx), authenticator.csrfToken(ctx), messages, new Formats(settings.zone()), ctx.path(),
                        authenticator.passwordSignIn());
                ctx.attribute(PAGE_ATTRIBUTE, page);
            }
            return page;
        }
    }
}
