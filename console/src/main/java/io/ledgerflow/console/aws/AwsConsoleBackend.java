package io.ledgerflow.console.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.CloseReadiness;
import io.ledgerflow.console.backend.ConsoleBackend;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.MonthView;
import io.ledgerflow.console.backend.Upload;
import io.ledgerflow.console.ledger.LedgerActions;
import io.ledgerflow.console.ledger.LedgerViews;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
 * <p>What the console does not do on AWS, and why: reopening a month and reading the ledger export
 * need the ledger database, which is inside the VPC with the export function (the console function
 * is not in the VPC, and a reopen is not a workflow yet); the attestation is checked by the close's
 * own VerifyRelease step against the deployed functions' code, which the console's package is not.
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

    /** @param auditLog where the console's own events go, one JSON line each (the function's log, CloudWatch Logs) */
    public AwsConsoleBackend(JournalStore store, ObjectStore objects, StepFunctionsJobs jobs, Settings settings,
            PrintWriter auditLog) {
        this.store = Objects.requireNonNull(store, "store");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
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
        PeriodState state = store.periodState(YearMonth.from(date));
        if (state != PeriodState.OPEN) {
            throw new ConsoleRefusedException("period " + YearMonth.from(date) + " is " + state
                    + ": a closed month refuses reruns");
        }
        if (store.runs(date).stream().anyMatch(r -> r.status() == RunStatus.STARTED)) {
            throw new ConsoleRefusedException(date + " has a run under way; wait for it to end");
        }
        String key = settings.uploadPrefix() + date + "/" + upload.sha256().substring(0, 16) + ".csv";
        try (InputStream in = Files.newInputStream(upload.file())) {
            objects.put(settings.inputBucket(), key, in, upload.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file " + upload.fileName(), e);
        }
        return jobs.startRerun(date, new ObjectRef(settings.inputBucket(), key), upload.encoding().name(), reason, by);
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

    @Override
    public void reopen(YearMonth month, String reason, ConsoleUser by) {
        throw new ConsoleRefusedException("reopening " + month + " reads the ledger database, which the console on AWS"
                + " does not reach: an operator reopens it with 'ledgerflow reopen' where the database is reachable");
    }

    @Override
    public Optional<String> glExportCsv(YearMonth month) {
        return Optional.empty(); // the ledger database is inside the VPC (see the class comment)
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
