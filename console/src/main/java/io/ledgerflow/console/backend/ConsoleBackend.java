package io.ledgerflow.console.backend;

import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.core.adapters.s3.S3UploadUrls;
import java.net.URI;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * What the finance console reads and does, whatever runs the ledger: the local home
 * ({@code cli}'s {@code LocalConsoleBackend}) or AWS. The web app ({@code ConsoleApp}) checks who
 * may do what before it calls a method here; an implementation records what it does with the user
 * it is given (never a typed name).
 *
 * <p>Long work (a rerun, a close) runs in the background: {@link #startRerun} and
 * {@link #startClose} return a job id at once, {@link #job} tells its progress.
 */
public interface ConsoleBackend {

    /** The month the landing page shows: the latest with a day's file; empty: the current month. */
    default Optional<YearMonth> lastActiveMonth() {
        return Optional.empty();
    }

    /** The month view: each day's state and counts, the month's state and history. */
    MonthView month(YearMonth month);

    /** The day view: its runs, reconciliation, rejects and trial balance. */
    DayView day(LocalDate date);

    /** The current run's rejects as DESIGN's canonical CSV, or empty when the day has no published run. */
    Optional<String> rejectsCsv(LocalDate date);

    /**
     * Starts a rerun of {@code date} with the uploaded file (already checked as a billing CSV by
     * the app, at most the app's upload limit), stored in the input bucket the way the CLI's
     * {@code rerun} stores it. The upload's file may be deleted once this returns.
     *
     * @return the job id to poll with {@link #job}
     * @throws ConsoleRefusedException when the day cannot be rerun now (month closed, a run running)
     */
    String startRerun(LocalDate date, Upload upload, String reason, ConsoleUser by);

    /**
     * Records that {@code date} has no billing file, with the reason, as {@code by} (the store's
     * rules decide: the month OPEN, no published run, not marked already).
     *
     * @throws ConsoleRefusedException when the day cannot be marked now
     */
    void markNoFile(LocalDate date, String reason, ConsoleUser by);

    /**
     * Takes the day's no-file mark back, with the reason, as {@code by}.
     *
     * @throws ConsoleRefusedException when the day is not marked or its month is not OPEN
     */
    void unmarkNoFile(LocalDate date, String reason, ConsoleUser by);

    /** Whether the month can be closed now, and why not, as {@code close} checks it. */
    CloseReadiness readiness(YearMonth month);

    /**
     * Starts the monthly close of {@code month}.
     *
     * @param overrideReason non-null: proceed without a CI stage-2 attestation, recorded with {@code by}
     * @param unaccountedDaysReason non-null: proceed although business days are neither published nor
     *     marked as having no file ({@link CloseReadiness#daysUnaccounted}), recorded in the month's
     *     history with {@code by} and the days
     * @return the job id to poll with {@link #job}
     * @throws ConsoleRefusedException when the month cannot be closed now
     */
    String startClose(YearMonth month, ConsoleUser by, String overrideReason, String unaccountedDaysReason);

    /**
     * A closed (closing, exported) month back to OPEN with the reason, recorded with {@code by}.
     *
     * @throws ConsoleRefusedException when the month is OPEN already
     */
    void reopen(YearMonth month, String reason, ConsoleUser by);

    /** The month's ledger export as the ledger database holds it (DESIGN's CSV), or empty before the export. */
    Optional<String> glExportCsv(YearMonth month);

    /**
     * The month's ledger export for the download: the CSV, or a URL to it when it is too large for a
     * response (AWS); empty before the export.
     */
    default Optional<GlExport> glExport(YearMonth month) {
        return glExportCsv(month).map(GlExport::inline);
    }

    /** Whether the ledger holds the month's export (the close page's download link). */
    default boolean exported(YearMonth month) {
        return glExportCsv(month).isPresent();
    }

    // --- uploads straight to storage (large files, where the page's upload cannot take them) -----

    /**
     * A URL the browser PUTs {@code date}'s corrected file to, with the headers it must send; empty
     * when not needed: this console takes any file through the page's upload (locally).
     *
     * @param sha256Hex the file's SHA-256 as the browser computed it (signed: S3 stores only that file)
     */
    default Optional<S3UploadUrls.UploadUrl> uploadUrl(LocalDate date, String sha256Hex, long bytes, ConsoleUser by) {
        return Optional.empty();
    }

    /** Origins the browser sends uploads to (the page's content security policy, {@code connect-src}). */
    default List<URI> uploadOrigins() {
        return List.of();
    }

    /**
     * Starts a rerun of {@code date} with a file the browser stored at {@code key} through
     * {@link #uploadUrl}, after checking its header and first lines as a billing CSV.
     *
     * @return the job id to poll with {@link #job}
     * @throws io.ledgerflow.core.billing.BadInputFileException when the file is not a billing CSV
     * @throws ConsoleRefusedException when the day cannot be rerun now, or nothing was uploaded there
     */
    default String startRerunFromUpload(LocalDate date, String key, Charset encoding, String reason, ConsoleUser by) {
        throw new ConsoleRefusedException("this console takes a corrected file through the page's upload only");
    }

    /** A background job's progress and result; empty for an unknown id. */
    Optional<JobView> job(String jobId);

    /** Records what the console itself saw (a refused sign-in, a refused request, a sign-in). */
    void record(AuditEvent event);

    /**
     * Every action of the month (runs, reruns, closes, reopens, overrides) and what the console
     * recorded during it (refusals, sign-ins), newest first, at most {@code eventsMax}.
     */
    List<AuditEvent> audit(YearMonth month, int eventsMax);
}
