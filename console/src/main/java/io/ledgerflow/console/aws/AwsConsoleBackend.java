package io.ledgerflow.console.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.CloseReadiness;
import io.ledgerflow.console.backend.ConsoleBackend;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.GlExport;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.MonthView;
import io.ledgerflow.console.backend.Upload;
import io.ledgerflow.console.ledger.LedgerActions;
import io.ledgerflow.console.ledger.LedgerViews;
import io.ledgerflow.core.adapters.s3.S3UploadUrls;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's backend on AWS: the pages read the DynamoDB sub-ledger and the work bucket through
 * the same {@link LedgerViews} as the local console; a rerun stores the corrected file under the
 * console's upload prefix of the input bucket and starts the deployed daily state machine, a close
 * the monthly close state machine ({@link StepFunctionsJobs}); a job is its execution.
 *
 * <p>Reopening a month and reading its ledger export need the ledger database, inside the VPC;
 * the console function is not in it, and invokes ConsoleLedgerFunction, which is
 * ({@link LedgerFunction}). A corrected file too large for API Gateway goes from the browser
 * straight to the input bucket with a pre-signed PUT and is checked before its rerun starts
 * ({@link BrowserTransfers}). The attestation is checked by the close's own VerifyRelease step
 * against the deployed functions' code, which the console's package is not.
 * The console's own audit events (sign-ins, refusals) go to its log group as JSON lines, not to
 * the table, which the console only reads.
 */
public final class AwsConsoleBackend implements ConsoleBackend {

    /**
     * @param inputBucket     the input bucket, where corrected files go
     * @param uploadPrefix    the console's prefix in it (the template's ConsoleUploadPrefix, e.g. {@code console/})
     * @param workBucket      the work bucket (runs' results and rejects)
     * @param zone            the business time zone
     * @param rejectsShownMax rejects listed on the day page
     */
    public record Settings(String inputBucket, String uploadPrefix, String workBucket, ZoneId zone, int rejectsShownMax) {
        public Settings {
            Objects.requireNonNull(inputBucket, "inputBucket");
            Objects.requireNonNull(uploadPrefix, "uploadPrefix");
            Objects.requireNonNull(workBucket, "workBucket");
            Objects.requireNonNull(zone, "zone");
            if (!uploadPrefix.matches("([a-z0-9-]+/)+") || rejectsShownMax < 1) {
                throw new IllegalArgumentException("upload prefix is lower-case words each ending in /; rejects shown >= 1");
            }
        }
    }

    /** What the close page shows for the code on AWS: the close's VerifyRelease checks the deployed functions' attestation. */
    static final String CODE_CHECKED_BY_THE_CLOSE = "VerifyRelease";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JournalStore store;
    private final ObjectStore objects;
    private final StepFunctionsJobs jobs;
    private final Settings settings;
    private final LedgerViews views;
    private final LedgerActions actions;
    private final PrintWriter auditLog;
    private final LedgerFunction ledger;
    private final BrowserTransfers transfers;

    /**
     * @param ledger    the ledger function (reopen, the ledger export)
     * @param transfers the browser's uploads and large downloads straight to and from S3
     * @param auditLog  where the console's own events go, one JSON line each (the function's log, CloudWatch Logs)
     */
    public AwsConsoleBackend(JournalStore store, ObjectStore objects, StepFunctionsJobs jobs, LedgerFunction ledger,
            BrowserTransfers transfers, Settings settings, PrintWriter auditLog) {
        this.store = Objects.requireNonNull(store, "store");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
        this.views = new LedgerViews(store, objects, settings.workBucket(), settings.zone());
        this.actions = new LedgerActions(store);
    }

    @Override
    public MonthView month(YearMonth month) {
        return views.month(month, date -> null);
    }

    @Override
    public DayView day(LocalDate date) {
        return views.day(date, null, settings.rejectsShownMax());
    }

    @Override
    public Optional<String> rejectsCsv(LocalDate date) {
        return views.rejectsCsv(date);
    }

    /**
     * Stores the corrected file at {@code PREFIX/DATE/SHA256-16.csv} in the input bucket (not under
     * the sites' prefix: that would be a late file for LateFileRule), then starts {@code rerun-DATE-STAMP}.
     */
    @Override
    public String startRerun(LocalDate date, Upload upload, String reason, ConsoleUser by) {
        requireRerunnable(date);
        String key = settings.uploadPrefix() + date + "/" + upload.sha256().substring(0, 16) + ".csv";
        try (InputStream in = Files.newInputStream(upload.file())) {
            objects.put(settings.inputBucket(), key, in, upload.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file " + upload.fileName(), e);
        }
        return jobs.startRerun(date, new ObjectRef(settings.inputBucket(), key), upload.encoding().name(), reason, by);
    }

    private void requireRerunnable(LocalDate date) {
        PeriodState state = store.periodState(YearMonth.from(date));
        if (state != PeriodState.OPEN) {
            throw new ConsoleRefusedException("period " + YearMonth.from(date) + " is " + state
                    + ": a closed month refuses reruns");
        }
        if (store.runs(date).stream().anyMatch(r -> r.status() == RunStatus.STARTED)) {
            throw new ConsoleRefusedException(date + " has a run under way; wait for it to end");
        }
    }

    @Override
    public Optional<S3UploadUrls.UploadUrl> uploadUrl(LocalDate date, String sha256Hex, long bytes, ConsoleUser by) {
        requireRerunnable(date);
        return Optional.of(transfers.uploadUrl(date, sha256Hex, bytes));
    }

    @Override
    public List<URI> uploadOrigins() {
        return List.of(transfers.bucketOrigin());
    }

    /**
     * Checks the object the browser uploaded (it is where {@link #uploadUrl} put it, it is there, its
     * header and first lines read as a billing CSV), then starts {@code rerun-DATE-STAMP} on it. A bad
     * file is refused and left where it is: under the console's prefix no run reads it, and the input
     * bucket's Object Lock would keep its version for the retention even if it were deleted.
     */
    @Override
    public String startRerunFromUpload(LocalDate date, String key, Charset encoding, String reason, ConsoleUser by) {
        if (!transfers.isUploadOf(date, key)) {
            throw new ConsoleRefusedException("'" + key + "' is not an upload of " + date + " by this console");
        }
        requireRerunnable(date);
        long bytes = transfers.uploadedBytes(key).orElseThrow(() -> new ConsoleRefusedException(
                "the file for " + date + " did not arrive in storage; upload it again"));
        transfers.checkHead(key, bytes, encoding);
        return jobs.startRerun(date, new ObjectRef(transfers.inputBucket(), key), encoding.name(), reason, by);
    }

    @Override
    public CloseReadiness readiness(YearMonth month) {
        return views.readiness(month, true, CODE_CHECKED_BY_THE_CLOSE);
    }

    @Override
    public void markNoFile(LocalDate date, String reason, ConsoleUser by) {
        actions.markNoFile(date, reason, by);
    }

    @Override
    public void unmarkNoFile(LocalDate date, String reason, ConsoleUser by) {
        actions.unmarkNoFile(date, reason, by);
    }

    @Override
    public String startClose(YearMonth month, ConsoleUser by, String overrideReason, String unaccountedDaysReason) {
        actions.requireCloseable(readiness(month), by, unaccountedDaysReason);
        return jobs.startClose(month, by, overrideReason);
    }

    /**
     * Through the ledger function, which applies batch-core's rules (MonthClose.reopen) with who and
     * why; the month's history in the table is the record (the audit page reads it).
     */
    @Override
    public void reopen(YearMonth month, String reason, ConsoleUser by) {
        ledger.reopen(month, reason, by);
    }

    /** The export's CSV; a large one is read back from where the ledger function wrote it. */
    @Override
    public Optional<String> glExportCsv(YearMonth month) {
        return ledgerExport(month).map(answer -> answer.hasNonNull("csv") ? answer.get("csv").asText()
                : new String(objects.get(answer.path("exportBucket").asText(), answer.path("exportKey").asText()),
                        java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The download: the CSV within a response, else a pre-signed GET of what the ledger function wrote. */
    @Override
    public Optional<GlExport> glExport(YearMonth month) {
        return ledgerExport(month).map(answer -> answer.hasNonNull("csv") ? GlExport.inline(answer.get("csv").asText())
                : GlExport.at(transfers.downloadUrl(answer.path("exportBucket").asText(), answer.path("exportKey").asText(),
                        "gl-export-" + month + ".csv")));
    }

    /** From the sub-ledger's record of the month's batches: no call into the VPC for the close page. */
    @Override
    public boolean exported(YearMonth month) {
        return !store.period(month).exportBatches().isEmpty();
    }

    private Optional<JsonNode> ledgerExport(YearMonth month) {
        if (!exported(month)) {
            return Optional.empty(); // no batch on record: the ledger database is not asked
        }
        JsonNode answer = ledger.glExport(month);
        return answer.path("exported").asBoolean() ? Optional.of(answer) : Optional.empty();
    }

    @Override
    public Optional<JobView> job(String jobId) {
        return jobs.job(jobId);
    }

    @Override
    public void record(AuditEvent event) {
        var line = JSON.createObjectNode().put("audit", "console").put("at", event.at().toString())
                .put("action", event.action()).put("by", event.by()).put("subject", event.subject())
                .put("outcome", event.outcome()).put("reason", event.reason());
        synchronized (auditLog) {
            auditLog.println(line);
            auditLog.flush();
        }
    }

    /** The month's runs, closes and reopens from the store; the console's own events are in its log group. */
    @Override
    public List<AuditEvent> audit(YearMonth month, int eventsMax) {
        return views.audit(month, List.of(), eventsMax);
    }
}
