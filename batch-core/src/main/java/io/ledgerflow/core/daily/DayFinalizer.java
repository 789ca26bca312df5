package io.ledgerflow.core.daily;

import com.fasterxml.jackson.core.type.TypeReference;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.crash.CrashPoint;
import io.ledgerflow.core.billing.RejectReason;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.journal.csv.RejectsCsvWriter;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectSummary;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStateException;
import io.ledgerflow.core.store.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The finalize and failure steps of the daily workflow: add up what every partition reported
 * ({@link DayTotals}), check read = posted + quarantined and the reject threshold, publish the run
 * (the store checks its stored items against what the workers reported writing, then writes the
 * summary and flips the pointer, all or nothing), publish the day's rejects, purge the run it
 * replaced, and sweep what the day's failed runs left (a worker still writing when its run failed, see
 * {@link io.ledgerflow.core.store.JournalStore#sweepLeftovers}).
 */
public final class DayFinalizer {

    /**
     * How much a finalize deletes after its publish, at most: {@code roundsMax} purge (or sweep)
     * calls of {@code itemsPerRound} items each. Items are pages of entries (a 500,000-record day
     * is ~4,000), so the defaults are far above a day; a purge still deleting after its last round
     * is an error ({@link CleanupIncompleteException}), never a silent stop.
     */
    public record CleanupLimits(int roundsMax, int itemsPerRound) {
        public static final CleanupLimits DEFAULTS = new CleanupLimits(50, 10_000);

        public CleanupLimits {
            if (roundsMax < 1 || itemsPerRound < 1) {
                throw new IllegalArgumentException("cleanup limits must be positive: " + roundsMax + ", " + itemsPerRound);
            }
        }
    }

    private final JournalStore store;
    private final ObjectStore objects;
    private final CleanupLimits cleanup;

    public DayFinalizer(JournalStore store, ObjectStore objects, CleanupLimits cleanup) {
        this.store = Objects.requireNonNull(store);
        this.objects = Objects.requireNonNull(objects);
        this.cleanup = Objects.requireNonNull(cleanup);
    }

    /** The finalize step over the daily service's store and object store, with the default cleanup limits. */
    public static DayFinalizer of(DailyJournalService service) {
        return new DayFinalizer(service.store(), service.objects(), CleanupLimits.DEFAULTS);
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
        RunRecord begun = store.run(request.businessDate(), request.runId()).orElseThrow(() ->
                new RunStateException("no run " + request.runId() + " for " + request.businessDate()));
        if (begun.status() == RunStatus.SKIPPED) {
            return unchanged(request, begun);
        }
        List<PartitionResult> results = results(request);
        DayTotals totals = DayTotals.of(results, rules(request.rules()));
        RunCompletion completion = totals.completion();
        checkThreshold(request, totals.linesRead(), totals.linesQuarantined());
        ObjectRef rejects = publishRejects(request, results);
        RunRecord run = store.publishRun(request.businessDate(), request.runId(), completion, totals.summary(),
                totals.receipt());
        CrashPoint.reached("flip-purge");
        Cleaned cleaned = cleanUpAfterPublish(request.businessDate(), run.previousRunId());
        return new Finalized(run.runId(), totals.linesRead(), totals.linesPosted(), totals.linesQuarantined(),
                totals.entries(), rejects, run.previousRunId(), cleaned.purged(), cleaned.swept(), cleaned.failure(), false);
    }

    private Rules rules(ObjectRef ref) {
        try (InputStream in = objects.open(ref.bucket(), ref.key())) {
            return RulesLoader.load(in, ref.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SKIPPED run's result: the day's published run, as it is. */
    private Finalized unchanged(FinalizeRequest request, RunRecord skipped) {
        RunRecord current = store.currentRun(request.businessDate()).orElseThrow(() ->
                new RunStateException("run " + skipped.runId() + " was skipped for " + request.businessDate()
                        + ", but the day has no current run"));
        RunCompletion c = current.completion();
        ObjectRef rejects = new ObjectRef(request.workBucket(), DailyJournalService.runPrefix(current.runId()) + "rejects.csv");
        return new Finalized(current.runId(), c.linesRead(), c.linesPosted(), c.linesQuarantined(), c.entries(), rejects,
                null, 0, 0, null, true);
    }

    /** What the cleanup after a publish deleted, and why it stopped early (null when it did not). */
    private record Cleaned(long purged, long swept, String failure) {}

    /**
     * Purges the replaced run and sweeps the day's dead runs, after the publish. Nobody reads those
     * entries any more, so a failure here must not fail a run that is already the day's current one:
     * it is returned and the day's next finalize sweeps what is left.
     */
    private Cleaned cleanUpAfterPublish(LocalDate businessDate, String replacedRunId) {
        long purged = 0;
        try {
            purged = replacedRunId == null ? 0 : purge(businessDate, replacedRunId);
        } catch (CleanupIncompleteException e) {
            return new Cleaned(e.deleted(), 0, failure(e));
        } catch (RuntimeException e) {
            return new Cleaned(0, 0, failure(e));
        }
        try {
            long swept = rounds("sweep of " + businessDate, () -> store.sweepLeftovers(businessDate, cleanup.itemsPerRound()));
            return new Cleaned(purged, swept, null);
        } catch (CleanupIncompleteException e) {
            return new Cleaned(purged, e.deleted(), failure(e));
        } catch (RuntimeException e) {
            return new Cleaned(purged, 0, failure(e));
        }
    }

    private static String failure(RuntimeException e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }

    /**
     * Object reads in flight at once while finalizing: the partitions' results and rejects are many
     * small objects (250 for 500,000 records), so reading them one by one was mostly waiting.
     */
    static final int OBJECT_READS_MAX = 8;

    private List<PartitionResult> results(FinalizeRequest request) {
        String prefix = DailyJournalService.runPrefix(request.runId()) + "results/";
        List<String> keys = new ArrayList<>();
        String after = null;
        while (true) {
            List<ObjectSummary> page = objects.list(request.workBucket(), prefix, after, ObjectStore.LIST_KEYS_MAX);
            page.forEach(object -> keys.add(object.key()));
            if (page.size() < ObjectStore.LIST_KEYS_MAX) {
                break;
            }
            after = page.getLast().key();
        }
        if (keys.size() != request.partitions()) {
            throw new InvariantViolationException("run " + request.runId() + ": " + keys.size() + " of "
                    + request.partitions() + " partitions reported a result");
        }
        return readAll(keys, key -> DailyJournalService.read(objects.get(request.workBucket(), key),
                new TypeReference<PartitionResult>() { }));
    }

    /** {@code read} of every key, at most {@link #OBJECT_READS_MAX} at once, in the keys' order. */
    private static <T> List<T> readAll(List<String> keys, Function<String, T> read) {
        List<Future<T>> futures = new ArrayList<>(keys.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(OBJECT_READS_MAX, keys.size())), Thread.ofVirtual().name("finalize-read-", 0).factory())) {
            for (String key : keys) {
                futures.add(pool.submit(() -> read.apply(key)));
            }
            List<T> values = new ArrayList<>(keys.size());
            for (Future<T> future : futures) {
                values.add(future.get());
            }
            return values;
        } catch (ExecutionException e) {
            // as if read in this thread: an OutOfMemoryError stays one (the function's error is its name)
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partitions' results", e);
        }
    }

    private static void checkThreshold(FinalizeRequest request, long read, long quarantined) {
        BigDecimal limit = request.maxRejectPercent().multiply(BigDecimal.valueOf(read));
        if (BigDecimal.valueOf(quarantined).multiply(BigDecimal.valueOf(100)).compareTo(limit) > 0) {
            throw new RejectThresholdExceededException(quarantined + " of " + read + " lines quarantined, more than "
                    + request.maxRejectPercent().toPlainString() + " %; run " + request.runId()
                    + " not published, the day's previous journal stays");
        }
    }

    /**
     * Merges the partitions' rejects (each sorted) into the day's file, sorted by line number. A
     * partition that quarantined no line has nothing to merge and is not read; every other one must
     * hold one reject a quarantined line (its count, checked).
     */
    private ObjectRef publishRejects(FinalizeRequest request, List<PartitionResult> results) {
        List<PartitionResult> withRejects = results.stream().filter(r -> r.linesQuarantined() > 0).toList();
        List<List<Reject>> read = readAll(withRejects.stream().map(PartitionResult::rejectsKey).toList(),
                key -> rejectsOf(new String(objects.get(request.workBucket(), key), StandardCharsets.UTF_8)));
        List<Reject> rejects = new ArrayList<>();
        for (int i = 0; i < withRejects.size(); i++) {
            PartitionResult result = withRejects.get(i);
            if (read.get(i).size() != result.linesQuarantined()) {
                throw new InvariantViolationException("partition " + result.partition() + " quarantined "
                        + result.linesQuarantined() + " lines but its rejects file lists " + read.get(i).size());
            }
            rejects.addAll(read.get(i));
        }
        rejects.sort(Comparator.comparingLong(Reject::lineNumber));
        StringWriter text = new StringWriter();
        RejectsCsvWriter.write(text, rejects);
        ObjectRef ref = new ObjectRef(request.workBucket(), DailyJournalService.runPrefix(request.runId()) + "rejects.csv");
        objects.put(ref.bucket(), ref.key(), text.toString().getBytes(StandardCharsets.UTF_8));
        return ref;
    }

    private static List<Reject> rejectsOf(String csv) {
        List<Reject> rejects = new ArrayList<>();
        boolean header = true;
        for (CsvRecord r : CsvReader.builder().ofCsvRecord(csv)) {
            if (!header) {
                rejects.add(new Reject(Long.parseLong(r.getField(0)), r.getField(1), r.getField(2),
                        RejectReason.valueOf(r.getField(3)), null));
            }
            header = false;
        }
        return rejects;
    }

    /**
     * Records a failed run (if Prepare got as far as registering it) and purges what it wrote. On
     * AWS the Map Run fails at once, so workers may still be writing: their next batch is refused
     * (the run is no longer STARTED) and what was in flight is swept by the day's next finalize.
     */
    public void recordFailure(LocalDate businessDate, String runId, String failure) {
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
        return rounds("purge of run " + runId + " for " + businessDate,
                () -> store.purgeEntries(businessDate, runId, cleanup.itemsPerRound()));
    }

    /**
     * Calls {@code round} until it deletes nothing, at most {@code roundsMax} times; throws
     * {@link CleanupIncompleteException} when the last allowed round still deleted items.
     */
    private long rounds(String what, LongSupplier round) {
        long deleted = 0;
        for (int i = 0; i < cleanup.roundsMax(); i++) {
            long n = round.getAsLong();
            if (n == 0) {
                return deleted;
            }
            deleted += n;
        }
        throw new CleanupIncompleteException(what + " stopped after " + cleanup.roundsMax() + " rounds of at most "
                + cleanup.itemsPerRound() + " items (" + deleted + " deleted) with items left; the day's next"
                + " finalize sweeps the rest", deleted);
    }
}
