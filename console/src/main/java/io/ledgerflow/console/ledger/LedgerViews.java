package io.ledgerflow.console.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.ledgerflow.console.backend.Amount;
import io.ledgerflow.console.backend.AuditEvent;
import io.ledgerflow.console.backend.CloseReadiness;
import io.ledgerflow.console.backend.DayRow;
import io.ledgerflow.console.backend.DayState;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.MonthView;
import io.ledgerflow.console.backend.NoFileView;
import io.ledgerflow.console.backend.PeriodEventView;
import io.ledgerflow.console.backend.Reconciliation;
import io.ledgerflow.console.backend.RejectRow;
import io.ledgerflow.console.backend.RunView;
import io.ledgerflow.console.backend.TrialBalanceRow;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectNotFoundException;
import io.ledgerflow.core.objectstore.ObjectStoreException;
import io.ledgerflow.core.objectstore.ObjectSummary;
import io.ledgerflow.core.store.ControlTotal;
import io.ledgerflow.core.store.DayStatus;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.NoFileEvent;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodRecord;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunKind;
import io.ledgerflow.core.store.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The console's views read from the ledger's own ports: the sub-ledger ({@link JournalStore}) and
 * the work bucket ({@link ObjectStore}: each run's rejects and its workers' results). Any backend
 * whose ledger has those ports (the local home, AWS's table and buckets) reads its pages with this.
 * Day counts come from {@link DayStatus}, which {@code ledgerflow status} prints too.
 */
public final class LedgerViews {

    /** Amounts keep their scale (the currency's minor digits: 0.00 stays 0.00). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Worker results read per run for the amounts (a day of 500,000 lines has about 100 partitions). */
    private static final int RESULTS_MAX = 10_000;

    private final JournalStore store;
    private final ObjectStore objects;
    private final String workBucket;
    private final ZoneId zone;

    public LedgerViews(JournalStore store, ObjectStore objects, String workBucket, ZoneId zone) {
        this.store = store;
        this.objects = objects;
        this.workBucket = workBucket;
        this.zone = zone;
    }

    /** The month view; {@code running} gives the job running on a day, or null. */
    public MonthView month(YearMonth month, Function<LocalDate, JobView> running) {
        List<DayRow> rows = new ArrayList<>();
        for (DayStatus day : DayStatus.ofMonth(store, month)) {
            JobView job = running.apply(day.date());
            Optional<RunCompletion> c = day.completion();
            String runId = day.current().map(RunRecord::runId).orElse(null);
            Map<String, Long> byReason = runId == null ? Map.of() : rejectsByReason(runId);
            List<Amount> quarantined = runId == null ? List.of() : amounts(runId).values().stream()
                    .filter(a -> a.quarantined().signum() != 0).map(a -> new Amount(a.currency(), a.quarantined())).toList();
            rows.add(new DayRow(day.date(), state(day, job), runId, c.map(RunCompletion::linesRead).orElse(0L),
                    c.map(RunCompletion::linesPosted).orElse(0L), c.map(RunCompletion::linesQuarantined).orElse(0L),
                    quarantined, byReason, c.map(RunCompletion::entries).orElse(0L), day.reruns(), job, noFile(day)));
        }
        PeriodRecord period = store.period(month);
        return new MonthView(month, period.state().name(), rows, history(period));
    }

    /** The day view; {@code rejectsMax} rejects listed at most. */
    public DayView day(LocalDate date, JobView running, int rejectsMax) {
        DayStatus day = DayStatus.of(store, date);
        String current = day.current().map(RunRecord::runId).orElse(null);
        List<RunView> runs = day.runs().stream().sorted(Comparator.comparing(RunRecord::startedAt).reversed())
                .map(r -> run(r, r.runId().equals(current))).toList();
        List<Reconciliation> reconciliation = new ArrayList<>();
        List<RejectRow> rejects = new ArrayList<>();
        long rejectsTotal = 0;
        List<TrialBalanceRow> trialBalance = new ArrayList<>();
        Optional<RunCompletion> c = day.completion();
        if (current != null) {
            Map<String, CurrencyAmounts> amounts = amounts(current);
            for (ControlTotal total : c.get().controlTotals()) {
                CurrencyAmounts a = amounts.get(total.currency().code());
                int digits = total.currency().minorDigits(); // a worker writes a zero amount as 0
                reconciliation.add(new Reconciliation(total.currency().code(), a == null ? null : scaled(a.read(), digits),
                        a == null ? null : scaled(a.posted(), digits), a == null ? null : scaled(a.quarantined(), digits),
                        total.debit().amount(), total.credit().amount()));
            }
            amounts.values().stream().filter(a -> c.get().controlTotals().stream()
                    .noneMatch(t -> t.currency().code().equals(a.currency())))
                    .forEach(a -> reconciliation.add(new Reconciliation(a.currency(), a.read(), a.posted(), a.quarantined(),
                            BigDecimal.ZERO, BigDecimal.ZERO)));
            for (RejectRow reject : rejects(current)) {
                if (rejects.size() < rejectsMax) {
                    rejects.add(reject);
                }
                rejectsTotal++;
            }
            store.trialBalance(date).rows().forEach(r -> trialBalance.add(new TrialBalanceRow(r.account(), r.department(),
                    r.currency(), r.debit(), r.credit())));
        }
        return new DayView(date, store.periodState(java.time.YearMonth.from(date)).name(), state(day, running), runs,
                c.map(RunCompletion::linesRead).orElse(0L), c.map(RunCompletion::linesPosted).orElse(0L),
                c.map(RunCompletion::linesQuarantined).orElse(0L), c.map(RunCompletion::entries).orElse(0L),
                reconciliation, rejects, rejectsTotal, trialBalance, running, noFile(day));
    }

    /** The current run's rejects file (DESIGN's rejects CSV), or empty without a published run. */
    public Optional<String> rejectsCsv(LocalDate date) {
        return store.currentRun(date).map(run -> read(rejectsKey(run.runId())).orElse(""));
    }

    /**
     * Whether the month can be closed, as {@link MonthClose#lock} and its release check decide:
     * OPEN, no day with a run running or failed without a later success, and an attestation for
     * the running code (a closer may proceed without one, with a reason). The console also asks
     * that every business day (Monday to Friday) be published or marked as having no file
     * ({@link DayStatus#accountedFor}); a closer may proceed without that too, with a reason.
     * {@code ledgerflow close} does not ask it (README, "Days without a file").
     */
    public CloseReadiness readiness(YearMonth month, boolean attested, String codeFingerprint) {
        PeriodRecord period = store.period(month);
        List<String> blockers = new ArrayList<>();
        List<LocalDate> published = new ArrayList<>();
        List<LocalDate> without = new ArrayList<>();
        List<LocalDate> marked = new ArrayList<>();
        List<LocalDate> unaccounted = new ArrayList<>();
        if (period.state() == PeriodState.CLOSING) {
            blockers.add("period " + month + " is CLOSING: a close is under way, or one stopped without reopening it");
        }
        for (DayStatus day : DayStatus.ofMonth(store, month)) {
            if (day.markedNoFile().isPresent()) {
                marked.add(day.date());
            } else if (!day.accountedFor() && businessDay(day.date())) {
                unaccounted.add(day.date());
            }
            if (day.runs().isEmpty()) {
                without.add(day.date());
                continue;
            }
            MonthClose.blockingRun(day.runs()).ifPresent(blockers::add);
            if (day.current().isPresent()) {
                published.add(day.date());
            }
        }
        return new CloseReadiness(month, period.state().name(), blockers, published, without, marked, unaccounted, attested,
                codeFingerprint, period.exportBatches());
    }

    /** A day files are expected on: Monday to Friday (a holiday is marked as having no file, with its reason). */
    static boolean businessDay(LocalDate date) {
        return date.getDayOfWeek() != java.time.DayOfWeek.SATURDAY && date.getDayOfWeek() != java.time.DayOfWeek.SUNDAY;
    }

    /** What the month's history says when a closer proceeds with days unaccounted for (the audit names it OVERRIDE_DAYS). */
    public static final String UNACCOUNTED_DAYS_NOTE = "close proceeds with business days neither published nor marked"
            + " as having no file";

    /**
     * Every action of the month, newest first: each day's runs (RUN, RERUN) and no-file marks
     * (NO_FILE, NO_FILE_UNMARKED), the month's history (CLOSE steps, REOPEN, OVERRIDE and
     * OVERRIDE_DAYS notes) and the console's own events that happened during the month.
     */
    public List<AuditEvent> audit(YearMonth month, List<AuditEvent> consoleEvents, int eventsMax) {
        List<AuditEvent> events = new ArrayList<>();
        for (DayStatus day : DayStatus.ofMonth(store, month)) {
            for (NoFileEvent e : day.noFile().history()) {
                events.add(new AuditEvent(e.at(), e.action(), e.by(), day.date().toString(), noFileOutcome(e, day), e.reason()));
            }
            for (RunRecord run : day.runs()) {
                events.add(new AuditEvent(run.startedAt(), RunKind.ofRunId(run.runId()).name().equals("RERUN") ? "RERUN" : "RUN",
                        run.requestedBy(), day.date() + " " + run.runId(), run.status().name()
                        + (run.failure() == null ? "" : ": " + run.failure()), run.reason()));
            }
        }
        for (PeriodEvent e : store.period(month).history()) {
            events.add(new AuditEvent(e.at(), periodAction(e), e.by(), month.toString(),
                    e.from() == e.to() ? e.to().name() : e.from() + " -> " + e.to(), e.reason()));
        }
        for (AuditEvent e : consoleEvents) {
            if (YearMonth.from(e.at().atZone(zone)).equals(month)) {
                events.add(e);
            }
        }
        events.sort(Comparator.comparing(AuditEvent::at).reversed());
        return events.size() > eventsMax ? List.copyOf(events.subList(0, eventsMax)) : events;
    }

    /** A mark that a published run outranks says so; an unmark, that the day is unmarked. */
    private static String noFileOutcome(NoFileEvent e, DayStatus day) {
        if (!e.marked()) {
            return "unmarked";
        }
        boolean inForce = day.noFile().mark().filter(m -> m.at().equals(e.at())).isPresent();
        if (inForce && day.current().isPresent()) {
            return "outranked by published run " + day.current().get().runId();
        }
        return "marked";
    }

    private static String periodAction(PeriodEvent e) {
        if (e.from() == e.to()) {
            if (e.reason().startsWith(UNACCOUNTED_DAYS_NOTE)) {
                return "OVERRIDE_DAYS";
            }
            return e.reason().contains("without a CI stage-2 attestation") ? "OVERRIDE" : "NOTE";
        }
        if (e.to() == PeriodState.OPEN) {
            return e.from() == PeriodState.CLOSING && e.by().equals("ledgerflow") ? "CLOSE" : "REOPEN";
        }
        return "CLOSE";
    }

    /** An amount at the currency's digits; refuses to round (a worker's amount is at those digits already). */
    private static BigDecimal scaled(BigDecimal amount, int digits) {
        return amount.setScale(digits, java.math.RoundingMode.UNNECESSARY);
    }

    private static DayState state(DayStatus day, JobView job) {
        if ((job != null && job.running()) || day.running()) {
            return DayState.RUNNING;
        }
        if (day.failed()) {
            return DayState.FAILED;
        }
        if (day.current().isPresent()) {
            return DayState.PUBLISHED;
        }
        return day.markedNoFile().isPresent() ? DayState.NO_FILE_MARKED : DayState.NO_FILE;
    }

    private static NoFileView noFile(DayStatus day) {
        return day.markedNoFile().map(m -> new NoFileView(m.by(), m.reason(), m.at())).orElse(null);
    }

    private static RunView run(RunRecord r, boolean current) {
        RunCompletion c = r.completion();
        return new RunView(r.runId(), r.status().name(), current, r.requestedBy(), r.reason(), r.startedAt(), r.finishedAt(),
                r.ruleSetEffectiveFrom(), c == null ? null : c.linesRead(), c == null ? null : c.linesPosted(),
                c == null ? null : c.linesQuarantined(), c == null ? null : c.entries(),
                c == null ? List.of() : c.controlTotals().stream().map(t -> new Amount(t.currency().code(),
                        t.debit().amount())).toList(),
                c == null ? List.of() : c.controlTotals().stream().map(t -> new Amount(t.currency().code(),
                        t.credit().amount())).toList(),
                failure(r.failure()));
    }

    /**
     * A run's failure as recorded ({@code ERROR: CAUSE}) with Lambda's error JSON reduced to its
     * message: "RejectThresholdExceededException: 26 of 800 lines quarantined ...".
     */
    static String failure(String recorded) {
        if (recorded == null) {
            return null;
        }
        int colon = recorded.indexOf(": ");
        if (colon < 0 || !recorded.startsWith("{", colon + 2)) {
            return recorded;
        }
        try {
            JsonNode error = JSON.readTree(recorded.substring(colon + 2));
            return error.hasNonNull("errorMessage") ? recorded.substring(0, colon) + ": " + error.get("errorMessage").asText()
                    : recorded;
        } catch (IOException e) {
            return recorded;
        }
    }

    private static List<PeriodEventView> history(PeriodRecord period) {
        return period.history().stream().map(e -> new PeriodEventView(e.at(), e.from().name(), e.to().name(), e.by(),
                e.reason())).toList();
    }

    /** One currency's line amounts of a run, summed over its workers' results. */
    record CurrencyAmounts(String currency, BigDecimal read, BigDecimal posted, BigDecimal quarantined) {
        CurrencyAmounts plus(CurrencyAmounts o) {
            return new CurrencyAmounts(currency, read.add(o.read()), posted.add(o.posted()), quarantined.add(o.quarantined()));
        }
    }

    /** The run's read, posted and quarantined amounts per currency, from its workers' results (kept in the work bucket). */
    Map<String, CurrencyAmounts> amounts(String runId) {
        Map<String, CurrencyAmounts> sums = new TreeMap<>();
        String prefix = "runs/" + runId + "/results/";
        String after = null;
        int read = 0;
        while (read < RESULTS_MAX) {
            List<ObjectSummary> page;
            try {
                page = objects.list(workBucket, prefix, after, ObjectStore.LIST_KEYS_MAX);
            } catch (ObjectStoreException e) {
                return sums;
            }
            for (ObjectSummary object : page) {
                read(object.key()).ifPresent(text -> add(sums, text));
                read++;
            }
            if (page.size() < ObjectStore.LIST_KEYS_MAX) {
                break;
            }
            after = page.get(page.size() - 1).key();
        }
        return sums;
    }

    private static void add(Map<String, CurrencyAmounts> sums, String resultJson) {
        try {
            for (JsonNode c : JSON.readTree(resultJson).path("currencies")) {
                CurrencyAmounts a = new CurrencyAmounts(c.path("currency").asText(), c.path("read").decimalValue(),
                        c.path("posted").decimalValue(), c.path("quarantined").decimalValue());
                sums.merge(a.currency(), a, CurrencyAmounts::plus);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a worker result is not JSON: " + e.getMessage(), e);
        }
    }

    private Map<String, Long> rejectsByReason(String runId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RejectRow r : rejects(runId)) {
            counts.merge(r.reason(), 1L, Long::sum);
        }
        return counts;
    }

    private List<RejectRow> rejects(String runId) {
        Optional<String> csv = read(rejectsKey(runId));
        List<RejectRow> rows = new ArrayList<>();
        if (csv.isEmpty()) {
            return rows;
        }
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv.get())) {
            boolean header = true;
            for (CsvRecord r : reader) {
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(new RejectRow(Long.parseLong(r.getField(0)), r.getField(1), r.getField(2), r.getField(3)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static String rejectsKey(String runId) {
        return "runs/" + runId + "/rejects.csv";
    }

    private Optional<String> read(String key) {
        try {
            return Optional.of(new String(objects.get(workBucket, key), StandardCharsets.UTF_8));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
