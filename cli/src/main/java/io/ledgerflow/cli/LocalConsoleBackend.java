package io.ledgerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.EmbeddedTarget;
import io.ledgerflow.cli.targets.ExecutionView;
import io.ledgerflow.cli.targets.StateMachines;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.CloseReadiness;
import io.ledgerflow.console.backend.ConsoleBackend;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.MonthView;
import io.ledgerflow.console.backend.Upload;
import io.ledgerflow.console.ledger.AuditFile;
import io.ledgerflow.console.ledger.LedgerActions;
import io.ledgerflow.console.ledger.LedgerViews;
import io.ledgerflow.core.close.CodeFingerprint;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.LedgerExportCsv;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import io.ledgerflow.core.daily.DailyRunInput;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.objectstore.ObjectSummary;
import io.ledgerflow.core.store.PeriodState;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The finance console on the embedded default: its pages read the home's ledger through
 * {@link LedgerViews} (the numbers {@code status} and {@code trial-balance} print), and its
 * actions do what {@code rerun}, {@code close}, {@code reopen} and {@code gl-export} do, on the
 * same {@link LocalLedger}, in one background thread (the page polls the job's progress).
 */
final class LocalConsoleBackend implements ConsoleBackend, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Finished jobs kept for their pages, at most (the oldest go first). */
    private static final int JOBS_KEPT_MAX = 200;

    private final LocalLedger ledger;
    private final LedgerViews views;
    private final LedgerActions actions;
    private final AuditFile auditFile;
    private final Clock clock;
    private final String company;
    /** One job at a time, as one CLI command at a time: the home's runtime runs one workflow. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ledgerflow-console-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong jobIds = new AtomicLong();

    LocalConsoleBackend(LocalLedger ledger, Clock clock, ZoneId zone) {
        this.ledger = ledger;
        this.views = new LedgerViews(ledger.store(), ledger.objects(), LocalLedger.WORK_BUCKET, zone);
        this.actions = new LedgerActions(ledger.store());
        this.auditFile = AuditFile.of(ledger.home());
        this.clock = clock;
        this.company = CloseCommand.company(null);
    }

    @Override
    public MonthView month(YearMonth month) {
        return views.month(month, this::runningOn);
    }

    @Override
    public DayView day(LocalDate date) {
        return views.day(date, runningOn(date), 1_000);
    }

    @Override
    public Optional<String> rejectsCsv(LocalDate date) {
        return views.rejectsCsv(date);
    }

    /** The latest business date that has a file in the input bucket: the month the landing page shows. */
    @Override
    public Optional<YearMonth> lastActiveMonth() {
        List<ObjectSummary> files = ledger.objects().list(LocalLedger.INPUT_BUCKET, "", null, 1_000);
        return files.stream().map(o -> o.key().split("/", 2)[0]).filter(k -> k.matches("\\d{4}-\\d{2}-\\d{2}"))
                .max(String::compareTo).map(d -> YearMonth.from(LocalDate.parse(d)));
    }

    @Override
    public synchronized String startRerun(LocalDate date, Upload upload, String reason, ConsoleUser by) {
        PeriodState state = ledger.store().periodState(YearMonth.from(date));
        if (state != PeriodState.OPEN) {
            throw new ConsoleRefusedException("period " + YearMonth.from(date) + " is " + state
                    + ": a closed month refuses reruns; a closer may reopen it with a reason");
        }
        if (runningOn(date) != null) {
            throw new ConsoleRefusedException(date + " has a run under way; wait for it to end");
        }
        // Stored now, before the page answers: the upload's temporary file goes once this returns.
        DayRunCommand.Staged staged = DayRunCommand.stage(ledger, date, upload.file(), null);
        String name = ExecutionNames.stamped("rerun-" + date);
        JsonNode input = new DailyRunInput(name, date, upload.encoding().name(),
                new ObjectRef(staged.input().bucket(), staged.input().key()),
                new ObjectRef(staged.rules().bucket(), staged.rules().key()), LocalLedger.WORK_BUCKET,
                DailyRunInput.DEFAULT_PARTITION_LINES, DailyRunInput.DEFAULT_PARTITIONS_PER_BATCH,
                DailyRunInput.DEFAULT_MAX_CONCURRENCY, new BigDecimal(DailyRunInput.DEFAULT_MAX_REJECT_PERCENT), by.name(),
                reason).toJson();
        Job job = newJob("RERUN", date.toString(), by);
        job.step("stored " + upload.fileName() + " as s3://" + staged.input().bucket() + "/" + staged.input().key());
        worker.submit(() -> runDay(job, name, input));
        return job.id;
    }

    private void runDay(Job job, String name, JsonNode input) {
        try {
            job.step("execution " + name);
            ExecutionView end = EmbeddedTarget.synchronous(ledger.runtime(job)).start(StateMachines.DAILY_JOURNAL, name, input);
            if (end.succeeded()) {
                JsonNode out = end.output();
                job.step("published " + out.path("runId").asText() + (out.hasNonNull("replacedRunId")
                        ? ", replaced " + out.path("replacedRunId").asText() : ""));
                job.succeed(out.path("runId").asText());
            } else {
                job.fail(end.error(), FailureNames.message(end.cause()));
            }
        } catch (RuntimeException e) {
            job.fail(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    @Override
    public CloseReadiness readiness(YearMonth month) {
        String code = CodeFingerprint.current();
        boolean attested = ledger.attestations().find(code).filter(a -> a.passed()).isPresent();
        return views.readiness(month, attested, code);
    }

    /** Synchronized with the jobs: a rerun of the day cannot start while it is being marked. */
    @Override
    public synchronized void markNoFile(LocalDate date, String reason, ConsoleUser by) {
        if (runningOn(date) != null) {
            throw new ConsoleRefusedException(date + " has a run under way; wait for it to end");
        }
        actions.markNoFile(date, reason, by);
    }

    @Override
    public synchronized void unmarkNoFile(LocalDate date, String reason, ConsoleUser by) {
        actions.unmarkNoFile(date, reason, by);
    }

    @Override
    public synchronized String startClose(YearMonth month, ConsoleUser by, String overrideReason,
            String unaccountedDaysReason) {
        CloseReadiness readiness = readiness(month);
        if (!readiness.closeableWithReason()) {
            throw new ConsoleRefusedException("period " + month + " cannot be closed: " + String.join("; ", readiness.blockers()));
        }
        if (!readiness.attested() && overrideReason == null) {
            throw new ConsoleRefusedException("no CI stage-2 attestation for the running code "
                    + readiness.codeFingerprint().substring(0, 12) + "; run 'ledgerflow verify', or proceed without one"
                    + " with a reason (recorded)");
        }
        if (jobs.values().stream().anyMatch(j -> j.running() && j.kind.equals("CLOSE") && j.subject.equals(month.toString()))) {
            throw new ConsoleRefusedException("a close of " + month + " is under way");
        }
        actions.requireCloseable(readiness, by, unaccountedDaysReason); // last: it records the override
        Job job = newJob("CLOSE", month.toString(), by);
        String name = CloseCommand.executionName(month);
        worker.submit(() -> runClose(job, month, name, by, overrideReason));
        return job.id;
    }

    private void runClose(Job job, YearMonth month, String name, ConsoleUser by, String overrideReason) {
        Path history = ledger.home().resolve("executions").resolve(name).resolve("history.jsonl");
        Thread follower = Thread.ofVirtual().start(() -> followSteps(job, history));
        try {
            ExecutionView end = EmbeddedTarget.synchronous(ledger.runtime(ProgressListener.NONE))
                    .start(StateMachines.MONTHLY_CLOSE, name, CloseCommand.input(month, by.name(), overrideReason, company));
            follower.interrupt();
            readSteps(job, history);
            if (end.succeeded()) {
                JsonNode batch = end.output().path("batch");
                job.step("export batch " + batch.path("batchId").asLong() + ", " + batch.path("rowCount").asInt()
                        + " gl_interface rows; period " + month + " is " + ledger.store().periodState(month));
                job.succeed(Long.toString(batch.path("batchId").asLong()));
            } else {
                job.fail(end.error(), FailureNames.message(end.cause()));
            }
        } catch (RuntimeException e) {
            follower.interrupt();
            job.fail(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    /** The close's states as the execution's history records them, while it runs. */
    private static void followSteps(Job job, Path history) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                readSteps(job, history);
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readSteps(Job job, Path history) {
        if (!Files.exists(history)) {
            return;
        }
        List<String> entered = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(history)) {
                JsonNode event = JSON.readTree(line);
                if (event.path("type").asText().endsWith("StateEntered")) {
                    entered.add(event.path("state").asText());
                }
            }
        } catch (IOException e) {
            return; // a line being written: the next read has it
        }
        job.states(entered);
    }

    @Override
    public void reopen(YearMonth month, String reason, ConsoleUser by) {
        PeriodState state = ledger.store().periodState(month);
        if (state == PeriodState.OPEN) {
            throw new ConsoleRefusedException("period " + month + " is already OPEN");
        }
        MonthClose.Reopened reopened = ledger.monthClose().reopen(month, by.name(), reason);
        record(new AuditEvent(clock.instant(), "REOPEN", by.name(), month.toString(), reopened.was() + " -> OPEN", reason));
    }

    @Override
    public Optional<String> glExportCsv(YearMonth month) {
        if (ledger.store().period(month).exportBatches().isEmpty()) {
            return Optional.empty(); // never started the ledger database for a month that was not exported
        }
        Optional<ExportBatch> batch = ledger.ledger().batch(month);
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        StringWriter text = new StringWriter();
        LedgerExportCsv.write(ledger.ledger().lines(month), text);
        return Optional.of(text.toString());
    }

    @Override
    public synchronized Optional<JobView> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Job::view);
    }

    @Override
    public void record(AuditEvent event) {
        auditFile.append(event);
    }

    @Override
    public List<AuditEvent> audit(YearMonth month, int eventsMax) {
        // The console's REOPEN line duplicates the month's history entry: the history is the record.
        List<AuditEvent> own = auditFile.read().stream().filter(e -> !e.action().equals("REOPEN")).toList();
        return views.audit(month, own, eventsMax);
    }

    private synchronized JobView runningOn(LocalDate date) {
        return jobs.values().stream().filter(j -> j.running() && j.kind.equals("RERUN") && j.subject.equals(date.toString()))
                .findFirst().map(Job::view).orElse(null);
    }

    private synchronized Job newJob(String kind, String subject, ConsoleUser by) {
        Job job = new Job("job-" + jobIds.incrementAndGet(), kind, subject, by.name(), clock);
        jobs.put(job.id, job);
        while (jobs.size() > JOBS_KEPT_MAX) {
            String oldest = jobs.keySet().iterator().next();
            if (jobs.get(oldest).running()) {
                break;
            }
            jobs.remove(oldest);
        }
        return job;
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** A background job and its progress: the daily workflow's progress listener for a rerun. */
    static final class Job implements ProgressListener {
        final String id;
        final String kind;
        final String subject;
        final String by;
        private final Clock clock;
        private final Instant started;
        private Instant finished;
        private String state = "RUNNING";
        private int partitions;
        private int partitionsDone;
        private long linesTotal;
        private long linesDone;
        private final List<String> steps = new ArrayList<>();
        private List<String> states = List.of();
        private String error;
        private String cause;
        private String result;

        Job(String id, String kind, String subject, String by, Clock clock) {
            this.id = id;
            this.kind = kind;
            this.subject = subject;
            this.by = by;
            this.clock = clock;
            this.started = clock.instant();
        }

        @Override
        public synchronized void prepared(int partitionCount, long lines) {
            partitions = partitionCount;
            linesTotal = lines;
            steps.add("split into " + partitionCount + " partitions");
        }

        @Override
        public synchronized void partitionDone(long lines) {
            partitionsDone++;
            linesDone += lines;
        }

        synchronized void step(String text) {
            steps.add(text);
        }

        synchronized void states(List<String> entered) {
            states = List.copyOf(entered);
        }

        synchronized void succeed(String resultId) {
            result = resultId;
            state = "SUCCEEDED";
            finished = clock.instant();
        }

        synchronized void fail(String errorName, String message) {
            error = errorName;
            cause = message;
            state = "FAILED";
            finished = clock.instant();
        }

        synchronized boolean running() {
            return state.equals("RUNNING");
        }

        synchronized JobView view() {
            long eta = -1;
            if (linesTotal > 0 && linesDone > 0 && linesDone < linesTotal) {
                double elapsed = Duration.between(started, clock.instant()).toMillis() / 1000.0;
                eta = Math.round(elapsed * (linesTotal - linesDone) / linesDone);
            }
            List<String> all = new ArrayList<>(steps.size() + states.size());
            states.forEach(s -> all.add("state " + s));
            all.addAll(steps);
            return new JobView(id, kind, subject, state, by, started, finished, partitions, partitionsDone, linesTotal,
                    linesDone, eta, all, error, cause, result);
        }
    }
}
