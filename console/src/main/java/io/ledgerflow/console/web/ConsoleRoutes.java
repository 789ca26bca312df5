package io.ledgerflow.console.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import io.ledgerflow.console.ConsoleApp;
import io.ledgerflow.console.ConsoleSettings;
import io.ledgerflow.console.auth.Authenticator;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.Role;
import io.ledgerflow.console.auth.SignInFailedException;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.CloseReadiness;
import io.ledgerflow.console.backend.ConsoleBackend;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.console.backend.DayRow;
import io.ledgerflow.console.backend.DayState;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.GlExport;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.MonthView;
import io.ledgerflow.console.backend.Upload;
import io.ledgerflow.core.adapters.s3.S3UploadUrls;
import io.ledgerflow.core.billing.BadInputFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's pages and actions. Handlers are thin: parse, call the backend, render a template
 * (precompiled jte classes) or redirect. Roles are declared on each route and checked by
 * {@link ConsoleApp.Security} before the handler runs.
 */
public final class ConsoleRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The encodings a day's file may come in (DESIGN: UTF-8, or Shift_JIS from older site systems). */
    private static final List<String> ENCODINGS = List.of("UTF-8", "windows-31j");
    private static final int REASON_CHARS_MAX = 500;
    private static final String CALLBACK = "/callback";

    private final ConsoleBackend backend;
    private final Authenticator authenticator;
    private final ConsoleSettings settings;
    private final TemplateEngine templates;
    private final StagedUploads staged = new StagedUploads();
    private ConsoleApp.Security security;

    public ConsoleRoutes(ConsoleBackend backend, Authenticator authenticator, ConsoleSettings settings,
            TemplateEngine templates) {
        this.backend = backend;
        this.authenticator = authenticator;
        this.settings = settings;
        this.templates = templates;
    }

    public void register(RoutesConfig routes, ConsoleApp.Security security) {
        this.security = security;
        routes.get("/signin", this::signInPage);
        routes.post("/signin", this::signIn);
        routes.get("/callback", this::signInCallback);
        routes.post("/signout", this::signOut, Role.VIEWER);
        // The function's readiness check and a probe: no user, no backend.
        routes.get("/health", ctx -> ctx.contentType("text/plain; charset=utf-8").result("ok"));
        routes.get("/", this::home, Role.VIEWER);
        routes.get("/month", this::home, Role.VIEWER);
        routes.get("/month/{month}", this::monthPage, Role.VIEWER);
        routes.get("/month/{month}/close", this::closePage, Role.VIEWER);
        routes.post("/month/{month}/close", this::close, Role.CLOSER);
        routes.post("/month/{month}/reopen", this::reopen, Role.CLOSER);
        routes.get("/month/{month}/gl-export.csv", this::glExport, Role.VIEWER);
        routes.get("/day/{date}", this::dayPage, Role.VIEWER);
        routes.get("/day/{date}/rejects.csv", this::rejectsCsv, Role.VIEWER);
        routes.post("/day/{date}/rerun", this::stageRerun, Role.OPERATOR);
        routes.post("/day/{date}/rerun/{upload}", this::confirmRerun, Role.OPERATOR);
        routes.post("/day/{date}/rerun/{upload}/cancel", this::cancelRerun, Role.OPERATOR);
        routes.get("/jobs/{job}", this::jobPage, Role.VIEWER);
        routes.get("/jobs/{job}/progress.json", this::jobJson, Role.VIEWER);
        // a day with no file, and the month view's refresh
        routes.post("/day/{date}/no-file", this::markNoFile, Role.OPERATOR);
        routes.post("/day/{date}/no-file/unmark", this::unmarkNoFile, Role.OPERATOR);
        routes.get("/month/{month}/days.json", this::monthJson, Role.VIEWER);
        routes.get("/audit/{month}", this::auditPage, Role.VIEWER);
        routes.get("/audit/{month}/audit.csv", this::auditCsv, Role.VIEWER);
        registerDirectUploads(routes);
        routes.exception(HttpResponseException.class, this::errorPage);
        routes.exception(ConsoleRefusedException.class, (e, ctx) -> refusedByLedger(ctx, e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method().name(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR);
            render(ctx, "error.jte", Map.of("status", 500, "message", String.valueOf(e.getMessage())));
        });
    }

    // --- sign-in -------------------------------------------------------------------------------

    private void home(Context ctx) {
        ctx.redirect("/month/" + backend.lastActiveMonth()
                .orElse(YearMonth.now(settings.clock().withZone(settings.zone()))), HttpStatus.SEE_OTHER);
    }

    private void signInPage(Context ctx) {
        if (!authenticator.passwordSignIn()) {
            var external = authenticator.externalSignIn();
            if (external.isEmpty()) {
                throw new NotFoundResponse("sign-in is done by the identity provider");
            }
            external.get().start(ctx, "/month");
            return;
        }
        render(ctx, "signin.jte", Map.of("failed", false));
    }

    /** The identity provider's redirect back after its sign-in (AWS: Cognito's managed login). */
    private void signInCallback(Context ctx) {
        var external = authenticator.externalSignIn();
        if (external.isEmpty()) {
            throw new NotFoundResponse("no identity provider signs in to this console");
        }
        String who;
        try {
            who = external.get().finish(ctx);
        } catch (SignInFailedException e) {
            LOG.warn("sign-in callback refused from {}: {}", ctx.ip(), e.getMessage());
            security.record(ctx, "SIGN_IN_REFUSED", "-", CALLBACK, String.valueOf(e.status()), e.getMessage());
            ctx.status(e.status());
            render(ctx, "error.jte", Map.of("status", e.status(), "message", e.getMessage()));
            return;
        }
        security.record(ctx, "SIGN_IN", who, CALLBACK, "signed in", "");
    }

    private void signIn(Context ctx) {
        if (!authenticator.passwordSignIn()) {
            throw new NotFoundResponse("sign-in is done by the identity provider");
        }
        String name = ctx.formParam("name");
        String password = ctx.formParam("password");
        if (name == null || password == null) {
            throw new BadRequestResponse("name and password are required");
        }
        var user = authenticator.signIn(ctx, name, password.toCharArray());
        if (user.isEmpty()) {
            String shown = name.length() > 64 ? name.substring(0, 64) : name;
            LOG.warn("sign-in refused for '{}' from {}", shown, ctx.ip());
            security.record(ctx, "SIGN_IN_REFUSED", shown, "/signin", "401", "unknown name or wrong password");
            ctx.status(HttpStatus.UNAUTHORIZED);
            render(ctx, "signin.jte", Map.of("failed", true));
            return;
        }
        security.record(ctx, "SIGN_IN", user.get().name(), "/signin", user.get().role().lowerCase(), "");
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        authenticator.signOut(ctx);
        var external = authenticator.externalSignIn();
        if (external.isPresent()) {
            external.get().signOut(ctx);
            return;
        }
        ctx.redirect(authenticator.passwordSignIn() ? "/signin" : "/", HttpStatus.SEE_OTHER);
    }

    // --- reading -------------------------------------------------------------------------------

    private void monthPage(Context ctx) {
        YearMonth month = month(ctx);
        MonthView view = backend.month(month);
        render(ctx, "month.jte", Map.of("view", view, "chart", chartJson(view), "previous", month.minusMonths(1),
                "next", month.plusMonths(1)));
    }

    /** The chart's data: quarantined lines per day, one series per reason (uPlot's column arrays). */
    static String chartJson(MonthView view) {
        TreeSet<String> reasons = new TreeSet<>();
        view.days().forEach(d -> reasons.addAll(d.quarantinedByReason().keySet()));
        ObjectNode chart = JSON.createObjectNode();
        ArrayNode days = chart.putArray("days");
        ArrayNode series = chart.putArray("series");
        for (String reason : reasons) {
            ObjectNode s = series.addObject();
            s.put("reason", reason);
            ArrayNode values = s.putArray("values");
            for (DayRow day : view.days()) {
                values.add(day.quarantinedByReason().getOrDefault(reason, 0L));
            }
        }
        ArrayNode totals = chart.putArray("totals");
        for (DayRow day : view.days()) {
            days.add(day.date().getDayOfMonth());
            totals.add(day.quarantined());
        }
        return chart.toString();
    }

    private void dayPage(Context ctx) {
        LocalDate date = date(ctx);
        DayView view = backend.day(date);
        String reason = ctx.queryParam("reason");
        var rejects = reason == null || reason.isBlank() ? view.rejects()
                : view.rejects().stream().filter(r -> r.reason().equals(reason)).toList();
        TreeSet<String> reasons = new TreeSet<>();
        view.rejects().forEach(r -> reasons.add(r.reason()));
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("rejects", rejects);
        params.put("reasons", List.copyOf(reasons));
        params.put("reasonFilter", reason == null ? "" : reason);
        params.put("encodings", ENCODINGS);
        params.put("uploadBytesMax", settings.uploadBytesMax());
        params.put("error", "");
        render(ctx, "day.jte", params);
    }

    private void rejectsCsv(Context ctx) {
        LocalDate date = date(ctx);
        String csv = backend.rejectsCsv(date).orElseThrow(() -> new NotFoundResponse("no published run on " + date));
        download(ctx, "rejects-" + date + ".csv", csv);
    }

    private void glExport(Context ctx) {
        YearMonth month = month(ctx);
        GlExport export = backend.glExport(month).orElseThrow(() -> new NotFoundResponse(month + " has not been exported"));
        if (export.url() != null) {
            ctx.redirect(export.url().toString(), HttpStatus.SEE_OTHER); // too large for a response (AWS)
            return;
        }
        download(ctx, "gl-export-" + month + ".csv", export.csv());
    }

    private void jobPage(Context ctx) {
        JobView job = backend.job(ctx.pathParam("job")).orElseThrow(() -> new NotFoundResponse("no such job"));
        render(ctx, "job.jte", Map.of("job", job));
    }

    private void jobJson(Context ctx) {
        JobView job = backend.job(ctx.pathParam("job")).orElseThrow(() -> new NotFoundResponse("no such job"));
        Page page = security.page(ctx);
        ObjectNode json = JSON.createObjectNode();
        json.put("state", job.state()).put("partitions", job.partitions()).put("partitionsDone", job.partitionsDone())
                .put("linesTotal", job.linesTotal()).put("linesDone", job.linesDone()).put("etaSeconds", job.etaSeconds())
                .put("linesDoneText", page.formats().count(job.linesDone()))
                .put("linesTotalText", page.formats().count(job.linesTotal()));
        ArrayNode steps = json.putArray("steps");
        job.steps().forEach(steps::add);
        ctx.contentType("application/json").result(json.toString());
    }

    private void auditPage(Context ctx) {
        YearMonth month = month(ctx);
        List<AuditEvent> events = backend.audit(month, settings.auditEventsMax());
        render(ctx, "audit.jte", Map.of("month", month, "events", events));
    }

    private void auditCsv(Context ctx) {
        YearMonth month = month(ctx);
        StringWriter text = new StringWriter();
        try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(text)) {
            csv.writeRecord("at", "action", "by", "subject", "outcome", "reason");
            for (AuditEvent e : backend.audit(month, settings.auditEventsMax())) {
                csv.writeRecord(e.at().toString(), e.action(), e.by(), e.subject(), e.outcome(), e.reason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        download(ctx, "audit-" + month + ".csv", text.toString());
    }

    // --- rerun ---------------------------------------------------------------------------------

    /** Step 1: store and check the corrected file, then ask the person to confirm what it replaces. */
    private void stageRerun(Context ctx) {
        LocalDate date = date(ctx);
        ConsoleUser user = security.user(ctx);
        String reason = trimmed(ctx.formParam("reason"));
        UploadedFile file = ctx.uploadedFile("file");
        Charset encoding = encoding(ctx.formParam("encoding"));
        if (file == null || file.size() == 0) {
            dayError(ctx, date, HttpStatus.BAD_REQUEST, security.page(ctx).t("rerun.error.noFile"));
            return;
        }
        if (reason.isEmpty()) {
            dayError(ctx, date, HttpStatus.BAD_REQUEST, security.page(ctx).t("rerun.error.noReason"));
            return;
        }
        String fileName = Path.of(file.filename() == null ? "upload.csv" : file.filename()).getFileName().toString();
        Path stored;
        UploadCheck.Stored facts;
        long lines;
        try {
            stored = Files.createTempFile(settings.uploadDirectory(), "rerun-" + date + "-", ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = file.content()) {
            facts = UploadCheck.store(in, stored, settings.uploadBytesMax());
            lines = UploadCheck.check(stored, fileName, encoding);
        } catch (UploadCheck.UploadTooLargeException e) {
            UploadCheck.deleteQuietly(stored);
            refuseUpload(ctx, date, HttpStatus.CONTENT_TOO_LARGE, security.page(ctx).t("rerun.error.tooLarge",
                    security.page(ctx).formats().count(settings.uploadBytesMax())), e.getMessage());
            return;
        } catch (BadInputFileException e) {
            UploadCheck.deleteQuietly(stored);
            refuseUpload(ctx, date, HttpStatus.BAD_REQUEST, security.page(ctx).t("rerun.error.badFile", e.getMessage()),
                    e.getMessage());
            return;
        } catch (IOException e) {
            UploadCheck.deleteQuietly(stored);
            throw new UncheckedIOException(e);
        }
        Upload upload = new Upload(stored, fileName, encoding, facts.bytes(), lines, facts.sha256());
        StagedUploads.Staged waiting = staged.stage(user.name(), date, upload, reason, settings.clock().instant());
        render(ctx, "confirm-rerun.jte", Map.of("view", backend.day(date), "staged", waiting.id(), "upload", upload,
                "reason", reason));
    }

    /** Step 2: the person confirmed; the run starts in the background. */
    private void confirmRerun(Context ctx) {
        LocalDate date = date(ctx);
        ConsoleUser user = security.user(ctx);
        StagedUploads.Staged waiting = staged.take(ctx.pathParam("upload"), user.name(), date, settings.clock().instant())
                .orElseThrow(() -> new NotFoundResponse("this upload is no longer waiting; upload the file again"));
        try {
            String job = backend.startRerun(date, waiting.upload(), waiting.reason(), user);
            ctx.redirect("/jobs/" + job, HttpStatus.SEE_OTHER);
        } finally {
            UploadCheck.deleteQuietly(waiting.upload().file());
        }
    }

    private void cancelRerun(Context ctx) {
        LocalDate date = date(ctx);
        staged.cancel(ctx.pathParam("upload"), security.user(ctx).name());
        ctx.redirect("/day/" + date, HttpStatus.SEE_OTHER);
    }

    private void refuseUpload(Context ctx, LocalDate date, HttpStatus status, String shown, String why) {
        ConsoleUser user = security.user(ctx);
        LOG.warn("upload refused for {} on {}: {}", user.name(), date, why);
        security.record(ctx, "REFUSED", user.name(), "POST " + ctx.path(), status.getCode() + " " + status.getMessage(), why);
        dayError(ctx, date, status, shown);
    }

    private void dayError(Context ctx, LocalDate date, HttpStatus status, String message) {
        DayView view = backend.day(date);
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("rejects", view.rejects());
        TreeSet<String> reasons = new TreeSet<>();
        view.rejects().forEach(r -> reasons.add(r.reason()));
        params.put("reasons", List.copyOf(reasons));
        params.put("reasonFilter", "");
        params.put("encodings", ENCODINGS);
        params.put("uploadBytesMax", settings.uploadBytesMax());
        params.put("error", message);
        ctx.status(status);
        render(ctx, "day.jte", params);
    }

    // --- a day with no file ----------------------------------------------------------------------

    private void markNoFile(Context ctx) {
        noFileAction(ctx, backend::markNoFile);
    }

    private void unmarkNoFile(Context ctx) {
        noFileAction(ctx, backend::unmarkNoFile);
    }

    /** What marking and unmarking share: the day, a required reason, the signed-in user, back to the day. */
    private void noFileAction(Context ctx, NoFileAction action) {
        LocalDate date = date(ctx);
        String reason = trimmed(ctx.formParam("reason"));
        if (reason.isEmpty()) {
            dayError(ctx, date, HttpStatus.BAD_REQUEST, security.page(ctx).t("nofile.error.noReason"));
            return;
        }
        action.apply(date, reason, security.user(ctx));
        ctx.redirect("/day/" + date, HttpStatus.SEE_OTHER);
    }

    /** {@link ConsoleBackend#markNoFile} or {@link ConsoleBackend#unmarkNoFile}. */
    @FunctionalInterface
    private interface NoFileAction {
        void apply(LocalDate date, String reason, ConsoleUser by);
    }

    /** The month view's days for its refresh script ({@code console.js}): each day's state and progress. */
    private void monthJson(Context ctx) {
        MonthView view = backend.month(month(ctx));
        ctx.contentType("application/json").result(monthJson(view, security.page(ctx)));
    }

    static String monthJson(MonthView view, Page page) {
        ObjectNode json = JSON.createObjectNode();
        json.put("month", view.month().toString()).put("state", view.state())
                .put("running", view.days().stream().anyMatch(d -> d.state() == DayState.RUNNING));
        ArrayNode days = json.putArray("days");
        for (DayRow day : view.days()) {
            ObjectNode d = days.addObject().put("date", day.date().toString()).put("state", day.state().name())
                    .put("stateText", page.named("day", day.state().name()));
            if (day.running() != null) {
                d.put("linesDone", day.running().linesDone()).put("linesTotal", day.running().linesTotal())
                        .put("progressText", page.formats().count(day.running().linesDone()) + " / "
                                + page.formats().count(day.running().linesTotal()));
            }
        }
        return json.toString();
    }

    // --- uploads straight to storage (a file larger than the page's upload; AWS) ----------------

    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private void registerDirectUploads(RoutesConfig routes) {
        routes.post("/day/{date}/upload-url", this::uploadUrl, Role.OPERATOR);
        routes.post("/day/{date}/rerun-uploaded", this::rerunUploaded, Role.OPERATOR);
    }

    /**
     * Step 1 of a large upload: a URL the browser PUTs the file to, with the headers to send (the
     * file's SHA-256 is signed), as JSON; {@code {"needed":false}} where the page's upload takes it.
     */
    private void uploadUrl(Context ctx) {
        LocalDate date = date(ctx);
        String sha256 = String.valueOf(ctx.formParam("sha256"));
        long bytes;
        try {
            bytes = Long.parseLong(String.valueOf(ctx.formParam("bytes")));
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("bytes is the file's size");
        }
        if (!SHA256_HEX.matcher(sha256).matches() || bytes < 1 || bytes > S3UploadUrls.FILE_BYTES_MAX) {
            throw new BadRequestResponse("sha256 is 64 lower-case hex digits; bytes is 1 to " + S3UploadUrls.FILE_BYTES_MAX);
        }
        ObjectNode json = JSON.createObjectNode();
        backend.uploadUrl(date, sha256, bytes, security.user(ctx)).ifPresentOrElse(url -> {
            json.put("needed", true).put("url", url.url().toString()).put("key", url.key())
                    .put("expires", url.expires().toString());
            ObjectNode headers = json.putObject("headers");
            url.headers().forEach(headers::put);
        }, () -> json.put("needed", false));
        ctx.contentType("application/json").result(json.toString());
    }

    /** Step 2: the browser stored the file; the console checks its header and first lines, then starts the rerun. */
    private void rerunUploaded(Context ctx) {
        LocalDate date = date(ctx);
        String reason = trimmed(ctx.formParam("reason"));
        String key = ctx.formParam("key");
        Charset encoding = encoding(ctx.formParam("encoding"));
        if (key == null || key.isBlank()) {
            dayError(ctx, date, HttpStatus.BAD_REQUEST, security.page(ctx).t("rerun.error.noFile"));
            return;
        }
        if (reason.isEmpty()) {
            dayError(ctx, date, HttpStatus.BAD_REQUEST, security.page(ctx).t("rerun.error.noReason"));
            return;
        }
        String job;
        try {
            job = backend.startRerunFromUpload(date, key, encoding, reason, security.user(ctx));
        } catch (BadInputFileException e) {
            refuseUpload(ctx, date, HttpStatus.BAD_REQUEST, security.page(ctx).t("rerun.error.badUpload", e.getMessage()),
                    e.getMessage());
            return;
        }
        ctx.redirect("/jobs/" + job, HttpStatus.SEE_OTHER);
    }

    // --- close ---------------------------------------------------------------------------------

    private void closePage(Context ctx) {
        YearMonth month = month(ctx);
        CloseReadiness readiness = backend.readiness(month);
        render(ctx, "close.jte", Map.of("readiness", readiness, "exported", backend.exported(month)));
    }

    private void close(Context ctx) {
        YearMonth month = month(ctx);
        String override = "on".equals(ctx.formParam("proceedWithoutAttestation")) ? trimmed(ctx.formParam("reason")) : null;
        if (override != null && override.isEmpty()) {
            throw new BadRequestResponse(security.page(ctx).t("close.error.overrideReason"));
        }
        String days = "on".equals(ctx.formParam("proceedWithDaysUnaccounted")) ? trimmed(ctx.formParam("daysReason")) : null;
        if (days != null && days.isEmpty()) {
            throw new BadRequestResponse(security.page(ctx).t("close.error.daysReason"));
        }
        String job = backend.startClose(month, security.user(ctx), override, days);
        ctx.redirect("/jobs/" + job, HttpStatus.SEE_OTHER);
    }

    private void reopen(Context ctx) {
        YearMonth month = month(ctx);
        String reason = trimmed(ctx.formParam("reason"));
        if (reason.isEmpty()) {
            throw new BadRequestResponse(security.page(ctx).t("reopen.error.noReason"));
        }
        backend.reopen(month, reason, security.user(ctx));
        ctx.redirect("/month/" + month, HttpStatus.SEE_OTHER);
    }

    // --- helpers -------------------------------------------------------------------------------

    private void refusedByLedger(Context ctx, String message) {
        ConsoleUser user = security.user(ctx);
        security.record(ctx, "REFUSED", user == null ? "-" : user.name(), ctx.method().name() + " " + ctx.path(),
                "409 Conflict", message);
        ctx.status(HttpStatus.CONFLICT);
        render(ctx, "error.jte", Map.of("status", 409, "message", message));
    }

    private void errorPage(HttpResponseException e, Context ctx) {
        ctx.status(e.getStatus());
        if ("application/json".equals(ctx.header("Accept"))) {
            ctx.contentType("application/json").result(JSON.createObjectNode().put("status", e.getStatus())
                    .put("message", e.getMessage()).toString());
            return;
        }
        render(ctx, "error.jte", Map.of("status", e.getStatus(), "message", e.getMessage()));
    }

    private void render(Context ctx, String template, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("page", security.page(ctx));
        StringOutput out = new StringOutput();
        templates.render(template, all, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    private static void download(Context ctx, String fileName, String csv) {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        ctx.result(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static YearMonth month(Context ctx) {
        try {
            return YearMonth.parse(ctx.pathParam("month"));
        } catch (DateTimeParseException e) {
            throw new NotFoundResponse("not a month: " + ctx.pathParam("month"));
        }
    }

    private static LocalDate date(Context ctx) {
        try {
            return LocalDate.parse(ctx.pathParam("date"));
        } catch (DateTimeParseException e) {
            throw new NotFoundResponse("not a date: " + ctx.pathParam("date"));
        }
    }

    private static Charset encoding(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        if (!ENCODINGS.contains(name)) {
            throw new BadRequestResponse("encoding is one of " + ENCODINGS);
        }
        return Charset.forName(name);
    }

    private static String trimmed(String text) {
        String value = text == null ? "" : text.strip();
        if (value.length() > REASON_CHARS_MAX) {
            throw new BadRequestResponse("a reason has at most " + REASON_CHARS_MAX + " characters");
        }
        return value;
    }
}
