package io.ledgerflow.core.daily;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.journal.CurrencyTotals;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalRun;
import io.ledgerflow.core.journal.Journalizer;
import io.ledgerflow.core.journal.RunTotals;
import io.ledgerflow.core.journal.csv.RejectsCsvWriter;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.partition.DayPartitioner;
import io.ledgerflow.core.partition.Partition;
import io.ledgerflow.core.partition.PartitionJson;
import io.ledgerflow.core.partition.SpilledDay;
import io.ledgerflow.core.rules.NoRuleSetException;
import io.ledgerflow.core.rules.RuleSet;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import io.ledgerflow.core.store.WrittenItems;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.PeriodRules;
import io.ledgerflow.core.store.RunKind;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunRequest;
import io.ledgerflow.core.store.SummaryLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The steps of the daily journal workflow, one method per Task state: prepare (check the period,
 * split the file, register the run), journalize partitions (the workers), finalize (add up, check,
 * publish atomically) and record a failure. Works on ports only; the Lambda handlers are thin
 * wrappers around it.
 */
public final class DailyJournalService {

    static final ObjectMapper JSON = new ObjectMapper();

    private final JournalStore store;
    private final ObjectStore objects;
    private final Map<ObjectRef, Rules> rulesCache = new ConcurrentHashMap<>();
    /** Where Prepare splits the day's file (Lambda's /tmp on AWS): the file never sits in the heap. */
    private final Path spillDir;

    public DailyJournalService(JournalStore store, ObjectStore objects) {
        this(store, objects, Path.of(System.getProperty("java.io.tmpdir")));
    }

    public DailyJournalService(JournalStore store, ObjectStore objects, Path spillDir) {
        this.store = store;
        this.objects = objects;
        this.spillDir = spillDir;
    }

    /** Prepare's input: the day, its file and rules, and who asked why. */
    public record PrepareRequest(String runId, LocalDate businessDate, ObjectRef input, String encoding,
            ObjectRef rules, String workBucket, int partitionLines, String requestedBy, String reason) {}

    /** Prepare's output: the registered run and the manifest of its partitions. */
    public record Prepared(String runId, LocalDate businessDate, LocalDate ruleSetEffectiveFrom, String previousRunId,
            ObjectRef manifest, int partitions, long lines) {}

    /** One manifest item: a partition for a worker. */
    public record ManifestItem(String bucket, String key, int lines) {}

    /**
     * Checks that the month is open, reads and splits the whole file (a bad file fails here,
     * before anything is written), registers the run, then writes the partitions one at a time
     * and the manifest. The file streams through bucket files in the spill directory; the heap
     * holds a bucket and a partition, never the day.
     */
    public Prepared prepare(PrepareRequest request) {
        return prepare(request, ProgressListener.NONE);
    }

    public Prepared prepare(PrepareRequest request, ProgressListener progress) {
        YearMonth month = YearMonth.from(request.businessDate());
        PeriodRules.requireOpen(month, store.periodState(month), "a run for " + request.businessDate());
        Rules rules = rules(request.rules());
        RuleSet ruleSet = rules.ruleSetFor(request.businessDate())
                .orElseThrow(() -> new NoRuleSetException(request.businessDate(), rules));
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(objects.open(request.input().bucket(), request.input().key()), digest);
                BillingCsvReader reader = BillingCsvReader.open(in, request.input().key(), Charset.forName(request.encoding()));
                SpilledDay day = DayPartitioner.spill(reader, request.partitionLines(), spillDir,
                        objects.size(request.input().bucket(), request.input().key()))) {
            in.transferTo(OutputStream.nullOutputStream()); // the digest covers the whole file, whatever the reader left
            RunRecord run = store.beginRun(new RunRequest(request.runId(), request.businessDate(), ruleSet.effectiveFrom(),
                    request.requestedBy(), request.reason(), RunKind.ofRunId(request.runId()),
                    HexFormat.of().formatHex(digest.digest())));
            String prefix = runPrefix(request.runId());
            List<ManifestItem> manifest = new ArrayList<>();
            long[] lines = {0};
            // SKIPPED: the day's published run has this very file, so there is nothing to journalize.
            int partitions = run.status() == RunStatus.SKIPPED ? 0 : day.forEachPartition(partition -> {
                String key = prefix + "partitions/" + partition.name();
                objects.put(request.workBucket(), key, PartitionJson.write(partition));
                manifest.add(new ManifestItem(request.workBucket(), key, partition.rows().size()));
                lines[0] += partition.rows().size();
            });
            ObjectRef manifestRef = new ObjectRef(request.workBucket(), prefix + "manifest.json");
            objects.put(manifestRef.bucket(), manifestRef.key(), json(manifest));
            progress.prepared(partitions, lines[0]);
            return new Prepared(run.runId(), request.businessDate(), ruleSet.effectiveFrom(), run.previousRunId(),
                    manifestRef, partitions, lines[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A worker's input: a batch of partitions of one run. */
    public record WorkerRequest(String runId, LocalDate businessDate, ObjectRef rules, String workBucket,
            List<ManifestItem> partitions) {}

    /** A worker's output (small: the details stay in the work bucket). */
    /** Write requests the store's database throttled so far ({@link JournalStore#throttledWrites()}). */
    public long throttledWrites() {
        return store.throttledWrites();
    }

    public record WorkerResult(int partitions, long linesRead, long linesPosted, long linesQuarantined, long entries) {}

    /**
     * Journalizes each partition, writes its entries for the run, and leaves its result and rejects
     * in the work bucket. Doing a partition twice writes the same items and the same result.
     */
    public WorkerResult journalize(WorkerRequest request, ProgressListener progress) {
        Rules rules = rules(request.rules());
        long read = 0, posted = 0, quarantined = 0, entries = 0;
        for (ManifestItem item : request.partitions()) {
            PartitionResult result = journalizePartition(request, rules, item);
            read += result.linesRead();
            posted += result.linesPosted();
            quarantined += result.linesQuarantined();
            entries += result.entries();
            progress.partitionDone(result.linesRead());
        }
        return new WorkerResult(request.partitions().size(), read, posted, quarantined, entries);
    }

    private PartitionResult journalizePartition(WorkerRequest request, Rules rules, ManifestItem item) {
        Partition partition;
        try (InputStream in = objects.open(item.bucket(), item.key())) {
            partition = PartitionJson.read(in, item.key());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JournalRun run = Journalizer.journalize(rules, request.businessDate(), partition);
        List<JournalEntry> entries = new ArrayList<>();
        // An entry the store cannot hold quarantines its invoice (ENTRY_TOO_LARGE) instead of failing the day.
        RunTotals totals = run.post(entries::add, store::canHold);
        WrittenItems written = store.writeEntries(request.businessDate(), request.runId(), entries);
        String prefix = runPrefix(request.runId());
        String rejectsKey = prefix + "rejects/" + partition.name().replace(".json", ".csv");
        StringWriter rejects = new StringWriter();
        RejectsCsvWriter.write(rejects, run.rejects());
        objects.put(request.workBucket(), rejectsKey, rejects.toString().getBytes(StandardCharsets.UTF_8));
        PartitionResult result = new PartitionResult(partition.name(), totals.linesRead(), totals.linesPosted(),
                totals.linesQuarantined(), totals.entries(), amounts(totals), summary(written.summary()), rejectsKey,
                written.items());
        objects.put(request.workBucket(), prefix + "results/" + partition.name(), json(result));
        return result;
    }

    private static List<PartitionResult.Amounts> amounts(RunTotals totals) {
        List<PartitionResult.Amounts> amounts = new ArrayList<>();
        for (CurrencyTotals c : totals.currencies()) {
            amounts.add(new PartitionResult.Amounts(c.currency().code(), c.read().amount(), c.posted().amount(),
                    c.quarantined().amount(), c.debit().amount(), c.credit().amount()));
        }
        return amounts;
    }

    private static List<PartitionResult.Summary> summary(List<SummaryLine> summary) {
        List<PartitionResult.Summary> lines = new ArrayList<>();
        for (SummaryLine line : summary) {
            lines.add(new PartitionResult.Summary(line.account(), line.department(), line.taxCode(),
                    line.currency().code(), line.debit().amount(), line.credit().amount()));
        }
        return lines;
    }

    Rules rules(ObjectRef ref) {
        return rulesCache.computeIfAbsent(ref, r -> {
            try (InputStream in = objects.open(r.bucket(), r.key())) {
                return RulesLoader.load(in, r.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String runPrefix(String runId) {
        return "runs/" + runId + "/";
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(byte[] bytes, TypeReference<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectStore objects() {
        return objects;
    }

    JournalStore store() {
        return store;
    }

    /** Progress of the workers, for a progress bar where one is watching; a no-op on AWS. */
    public interface ProgressListener {
        ProgressListener NONE = lines -> { };

        /** The day is split: this many partitions and lines are to come. */
        default void prepared(int partitions, long lines) { }

        void partitionDone(long lines);

        /** A worker finished a batch of {@code partitions} partitions holding {@code lines} lines. */
        default void partitionsDone(int partitions, long lines) {
            for (int i = 0; i < partitions; i++) {
                partitionDone(i == 0 ? lines : 0);
            }
        }
    }
}
