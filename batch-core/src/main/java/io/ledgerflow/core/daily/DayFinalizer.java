package io.ledgerflow.core.daily;

import com.fasterxml.jackson.core.type.TypeReference;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.crash.CrashPoint;
import io.ledgerflow.core.billing.RejectReason;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.journal.csv.RejectsCsvWriter;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectSummary;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.store.ControlTotal;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.SummaryLine;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finalize and failure steps of the daily workflow: add up what every partition reported,
 * check read = posted + quarantined and the reject threshold, publish the run (summary and pointer
 * flip, all or nothing), publish the day's rejects, purge the run it replaced, and sweep what
 * the day's failed runs left (a worker still writing when its run failed, see
 * {@link io.ledgerflow.core.store.JournalStore#sweepLeftovers}).
 */
public final class DayFinalizer {

    /** Purge calls per finalize; a day bigger than this leaves the rest to the next run's finalize. */
    private static final int PURGE_ROUNDS_MAX = 50;
    private static final int PURGE_ITEMS_PER_ROUND = 10_000;

    private final DailyJournalService service;

    public DayFinalizer(DailyJournalService service) {
        this.service = service;
    }

    /** Finalize's input. */
    public record FinalizeRequest(String runId, LocalDate businessDate, ObjectRef rules, String workBucket,
            int partitions, BigDecimal maxRejectPercent) {}

    /**
     * Finalize's output: the published run's counts and where its rejects are; {@code purgedItems}
     * entries of the replaced run deleted, {@code sweptItems} entries of the day's other dead runs
     * (failed runs' late writes, purges left unfinished) deleted.
     *
     * @param unchanged true when the run was SKIPPED (the day's published run has the same file):
     *     the counts, rejects and run id are the published run's, and nothing was written
     * @param cleanupFailure null, or why the purge and sweep after the publish stopped: the run is
     *     published all the same (the pointer flip is the publish), and what is left of the replaced
     *     and failed runs is swept by the day's next finalize ({@link JournalStore#sweepLeftovers})
     */
    public record Finalized(String runId, long linesRead, long linesPosted, long linesQuarantined, long entries,
            ObjectRef rejects, String replacedRunId, long purgedItems, long sweptItems, String cleanupFailure,
            boolean unchanged) {}

    public Finalized finalize(FinalizeRequest request) {
        RunRecord begun = service.store().run(request.businessDate(), request.runId()).orElseThrow(() ->
                new RunStateException("no run " + request.runId() + " for " + request.businessDate()));
        if (begun.status() == RunStatus.SKIPPED) {
            return unchanged(request, begun);
        }
        List<PartitionResult> results = results(request);
        Rules rules = service.rules(request.rules());
        long read = 0, posted = 0, quarantined = 0, entries = 0;
        Map<String, BigDecimal[]> amounts = new TreeMap<>();
        List<SummaryLine> summary = new ArrayList<>();
        for (PartitionResult result : results) {
            read += result.linesRead();
            posted += result.linesPosted();
            quarantined += result.linesQuarantined();
            entries += result.entries();
            for (PartitionResult.Amounts a : result.currencies()) {
                BigDecimal[] sum = amounts.computeIfAbsent(a.currency(), c -> zeros(5));
                add(sum, a.read(), a.posted(), a.quarantined(), a.debit(), a.credit());
            }
            for (PartitionResult.Summary s : result.summary()) {
                CurrencyUnit currency = rules.currency(s.currency());
                summary.add(new SummaryLine(s.account(), s.department(), s.taxCode(), currency,
                        Money.of(currency, s.debit()), Money.of(currency, s.credit())));
            }
        }
        List<ControlTotal> controls = checkAmounts(amounts, rules);
        checkThreshold(request, read, quarantined);
        ObjectRef rejects = publishRejects(request, results);
        RunCompletion completion = new RunCompletion(read, posted, quarantined, entries, controls);
        RunRecord run = service.store().publishRun(request.businessDate(), request.runId(), completion,
                DaySummaries.merge(List.of(summary)));
        CrashPoint.reached("flip-purge");
        long[] cleaned = new long[2];
        String cleanupFailure = cleanUpAfterPublish(request.businessDate(), run.previousRunId(), cleaned);
        return new Finalized(run.runId(), read, posted, quarantined, entries, rejects, run.previousRunId(), cleaned[0],
                cleaned[1], cleanupFailure, false);
    }

    /** A SKIPPED run's result: the day's published run, as it is. */
    private Finalized unchanged(FinalizeRequest request, RunRecord skipped) {
        RunRecord current = service.store().currentRun(request.businessDate()).orElseThrow(() ->
                new RunStateException("run " + skipped.runId() + " was skipped for " + request.businessDate()
                        + ", but the day has no current run"));
        RunCompletion c = current.completion();
        ObjectRef rejects = new ObjectRef(request.workBucket(), DailyJournalService.runPrefix(current.runId()) + "rejects.csv");
        return new Finalized(current.runId(), c.linesRead(), c.linesPosted(), c.linesQuarantined(), c.entries(), rejects,
                null, 0, 0, null, true);
    }

    /**
     * Purges the replaced run and sweeps the day's dead runs, after the publish. Nobody reads those
     * entries any more, so a failure here must not fail a run that is already the day's current one:
     * it is returned (null when none) and the day's next finalize sweeps what is left.
     */
    private String cleanUpAfterPublish(LocalDate businessDate, String replacedRunId, long[] cleaned) {
        try {
            cleaned[0] = replacedRunId == null ? 0 : purge(businessDate, replacedRunId);
            cleaned[1] = service.store().sweepLeftovers(businessDate, PURGE_ITEMS_PER_ROUND, PURGE_ROUNDS_MAX);
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private List<PartitionResult> results(FinalizeRequest request) {
        ObjectStore objects = service.objects();
        String prefix = DailyJournalService.runPrefix(request.runId()) + "results/";
        List<PartitionResult> results = new ArrayList<>();
        String after = null;
        while (true) {
            List<ObjectSummary> page = objects.list(request.workBucket(), prefix, after, ObjectStore.LIST_KEYS_MAX);
            for (ObjectSummary object : page) {
                results.add(DailyJournalService.read(objects.get(request.workBucket(), object.key()),
                        new TypeReference<PartitionResult>() { }));
            }
            if (page.size() < ObjectStore.LIST_KEYS_MAX) {
                break;
            }
            after = page.getLast().key();
        }
        if (results.size() != request.partitions()) {
            throw new InvariantViolationException("run " + request.runId() + ": " + results.size() + " of "
                    + request.partitions() + " partitions reported a result");
        }
        return results;
    }

    private static List<ControlTotal> checkAmounts(Map<String, BigDecimal[]> amounts, Rules rules) {
        List<ControlTotal> controls = new ArrayList<>();
        for (Map.Entry<String, BigDecimal[]> e : amounts.entrySet()) {
            BigDecimal[] s = e.getValue();
            if (s[0].compareTo(s[1].add(s[2])) != 0) {
                throw new InvariantViolationException(e.getKey() + ": read " + s[0].toPlainString() + " != posted "
                        + s[1].toPlainString() + " + quarantined " + s[2].toPlainString());
            }
            CurrencyUnit currency = rules.currency(e.getKey());
            if (s[3].signum() != 0 || s[4].signum() != 0) {
                controls.add(new ControlTotal(currency, Money.of(currency, s[3]), Money.of(currency, s[4])));
            }
        }
        return controls;
    }

    private static void checkThreshold(FinalizeRequest request, long read, long quarantined) {
        BigDecimal limit = request.maxRejectPercent().multiply(BigDecimal.valueOf(read));
        if (BigDecimal.valueOf(quarantined).multiply(BigDecimal.valueOf(100)).compareTo(limit) > 0) {
            throw new RejectThresholdExceededException(quarantined + " of " + read + " lines quarantined, more than "
                    + request.maxRejectPercent().toPlainString() + " %; run " + request.runId()
                    + " not published, the day's previous journal stays");
        }
    }

    /** Merges the partitions' rejects (each sorted) into the day's file, sorted by line number. */
    private ObjectRef publishRejects(FinalizeRequest request, List<PartitionResult> results) {
        List<Reject> rejects = new ArrayList<>();
        for (PartitionResult result : results) {
            String csv = new String(service.objects().get(request.workBucket(), result.rejectsKey()), StandardCharsets.UTF_8);
            boolean header = true;
            for (CsvRecord r : CsvReader.builder().ofCsvRecord(csv)) {
                if (!header) {
                    rejects.add(new Reject(Long.parseLong(r.getField(0)), r.getField(1), r.getField(2),
                            RejectReason.valueOf(r.getField(3)), null));
                }
                header = false;
            }
        }
        rejects.sort(Comparator.comparingLong(Reject::lineNumber));
        StringWriter text = new StringWriter();
        RejectsCsvWriter.write(text, rejects);
        ObjectRef ref = new ObjectRef(request.workBucket(), DailyJournalService.runPrefix(request.runId()) + "rejects.csv");
        service.objects().put(ref.bucket(), ref.key(), text.toString().getBytes(StandardCharsets.UTF_8));
        return ref;
    }

    /**
     * Records a failed run (if Prepare got as far as registering it) and purges what it wrote. On
     * AWS the Map Run fails at once, so workers may still be writing: their next batch is refused
     * (the run is no longer STARTED) and what was in flight is swept by the day's next finalize.
     */
    public void recordFailure(LocalDate businessDate, String runId, String failure) {
        JournalStore store = service.store();
        RunRecord run = store.runs(businessDate).stream().filter(r -> r.runId().equals(runId)).findFirst().orElse(null);
        if (run == null) {
            return; // failed before the run was registered (bad file, closed month): nothing was written
        }
        if (run.status() == RunStatus.STARTED) {
            store.failRun(businessDate, runId, failure);
            purge(businessDate, runId);
        }
    }

    private long purge(LocalDate businessDate, String runId) {
        long purged = 0;
        for (int round = 0; round < PURGE_ROUNDS_MAX; round++) {
            long n = service.store().purgeEntries(businessDate, runId, PURGE_ITEMS_PER_ROUND);
            if (n == 0) {
                break;
            }
            purged += n;
        }
        return purged;
    }

    private static BigDecimal[] zeros(int n) {
        BigDecimal[] values = new BigDecimal[n];
        java.util.Arrays.fill(values, BigDecimal.ZERO);
        return values;
    }

    private static void add(BigDecimal[] sum, BigDecimal... values) {
        for (int i = 0; i < values.length; i++) {
            sum[i] = sum[i].add(values[i]);
        }
    }
}
