package io.ledgerflow.core.journal;

import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.billing.RejectReason;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.rules.RuleSet;
import io.ledgerflow.core.rules.Rules;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The outcome of reading one day's billing lines: the invoices to post and the quarantined lines.
 * {@link #post} builds the entries in canonical order and checks the run's invariants.
 */
public final class JournalRun {

    private final RuleSet ruleSet;
    private final RuleIndex index;
    private final long linesRead;
    private final List<Invoice> invoices;
    /** The posted invoices' lines; read by the posting threads, never written after construction. */
    private final AcceptedLines lines;
    private final IdBuffer billingIds;
    private final long invoicesQuarantined;
    private final List<Reject> rejects;
    private final Map<CurrencyUnit, BigDecimal> readAmounts;
    private final JournalEntryBuilder builder;
    private final Rules rules;
    private final LocalDate businessDate;
    /** The lines of invoices whose entry the store could not hold, from the last {@link #post}. */
    private volatile List<Reject> tooLarge = List.of();

    JournalRun(Rules rules, RuleSet ruleSet, RuleIndex index, LocalDate businessDate, long linesRead,
            List<Invoice> invoices, AcceptedLines lines, IdBuffer billingIds, long invoicesQuarantined,
            List<Reject> rejects, Map<CurrencyUnit, BigDecimal> readAmounts) {
        this.ruleSet = ruleSet;
        this.index = index;
        this.linesRead = linesRead;
        // Hundreds of thousands of ids with long common prefixes: sorted on primitive keys held in the
        // invoices; a day's file usually lists its invoices in order already (one pass finds that).
        Invoice[] sorted = invoices.toArray(Invoice[]::new);
        if (!isSorted(sorted)) {
            Invoice.sortById(sorted);
        }
        this.invoices = Arrays.asList(sorted);
        this.lines = lines;
        this.billingIds = billingIds;
        this.invoicesQuarantined = invoicesQuarantined;
        this.rejects = rejects;
        this.rejects.sort(Comparator.comparingLong(Reject::lineNumber));
        this.readAmounts = readAmounts;
        this.builder = new JournalEntryBuilder(rules, ruleSet, businessDate);
        this.rules = rules;
        this.businessDate = businessDate;
    }

    private static boolean isSorted(Invoice[] invoices) {
        for (int i = 1; i < invoices.length; i++) {
            if (Invoice.BY_ID.compare(invoices[i - 1], invoices[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    public long linesRead() {
        return linesRead;
    }

    public long linesQuarantined() {
        return rejects.size() + tooLarge.size();
    }

    /**
     * The quarantined lines, by line number; after {@link #post(Consumer, Predicate)}, with the
     * lines of the invoices whose entry the store could not hold ({@code ENTRY_TOO_LARGE}).
     */
    public List<Reject> rejects() {
        if (tooLarge.isEmpty()) {
            return List.copyOf(rejects);
        }
        List<Reject> all = new ArrayList<>(rejects);
        all.addAll(tooLarge);
        all.sort(Comparator.comparingLong(Reject::lineNumber));
        return List.copyOf(all);
    }

    /** True when quarantined lines are more than {@code maxPercent} % of the lines read. */
    public boolean exceedsRejectThreshold(BigDecimal maxPercent) {
        BigDecimal quarantined = BigDecimal.valueOf(linesQuarantined()).multiply(BigDecimal.valueOf(100));
        return quarantined.compareTo(maxPercent.multiply(BigDecimal.valueOf(linesRead))) > 0;
    }

    /** Builds each entry in {@code invoice_id} order and hands it to {@code sink}; see {@link #post(JournalSink)}. */
    public RunTotals post(Consumer<JournalEntry> sink) {
        return post(sink, entry -> true);
    }

    /**
     * As {@link #post(Consumer)}, but an entry that {@code storable} refuses (larger than the
     * store's item limit) is not handed to {@code sink}: its invoice is quarantined instead, every
     * line with {@link RejectReason#ENTRY_TOO_LARGE}, and counted as quarantined in the totals.
     */
    public RunTotals post(Consumer<JournalEntry> sink, Predicate<JournalEntry> storable) {
        return post(new JournalSink<List<JournalEntry>>() {
            @Override
            public List<JournalEntry> prepare(List<JournalEntry> entries) {
                return entries;
            }

            @Override
            public void accept(List<JournalEntry> entries) {
                entries.forEach(sink);
            }
        }, storable);
    }

    /**
     * Builds the entries in chunks of consecutive invoices on all cores, and hands the chunks to
     * {@code sink} in {@code invoice_id} order; then checks that debits equal credits, that the
     * entries post exactly the accepted line amounts, and that read = posted + quarantined by count
     * and amount. Throws {@link InvariantViolationException}. A {@link CanonicalCsvSink} gets its
     * rows made straight from the columnar store in long minor units ({@link CanonicalRows}, the
     * entry's balance checked there), not from built entries; the totals are checked the same way.
     */
    public <T> RunTotals post(JournalSink<T> sink) {
        if (sink instanceof CanonicalCsvSink<T> csv) {
            CanonicalRows.Layout layout = new CanonicalRows.Layout(rules, index, businessDate);
            return postChunks(csv, slice -> rows(slice, csv, layout));
        }
        return post(sink, entry -> true);
    }

    private <T> RunTotals post(JournalSink<T> sink, Predicate<JournalEntry> storable) {
        return postChunks(sink, slice -> build(slice, sink, storable));
    }

    private <T> RunTotals postChunks(JournalSink<T> sink, Function<List<Invoice>, Chunk<T>> chunkBuilder) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Tally total = new Tally();
        List<Reject> refused = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory())) {
            Deque<Future<Chunk<T>>> inFlight = new ArrayDeque<>();
            for (int from = 0; from < invoices.size(); from += CHUNK_INVOICES) {
                List<Invoice> slice = invoices.subList(from, Math.min(invoices.size(), from + CHUNK_INVOICES));
                inFlight.add(pool.submit(() -> chunkBuilder.apply(slice)));
                if (inFlight.size() > CHUNKS_IN_FLIGHT_PER_THREAD * threads) {
                    deliver(inFlight.removeFirst(), sink, total, refused);
                }
            }
            while (!inFlight.isEmpty()) {
                deliver(inFlight.removeFirst(), sink, total, refused);
            }
        }
        refused.sort(Comparator.comparingLong(Reject::lineNumber));
        tooLarge = List.copyOf(refused);
        return reconcile(total);
    }

    private static final int CHUNK_INVOICES = 2_048;
    private static final int CHUNKS_IN_FLIGHT_PER_THREAD = 2;

    /** A chunk's prepared rows and sums; {@code buffer}, when not null, is given back once the sink took the rows. */
    private record Chunk<T>(T prepared, Tally tally, List<Reject> refused, Utf8Rows buffer) {}

    /**
     * Row buffers that the sink is done with, for the next chunks: a day's journal is about 94 MB,
     * which would otherwise be that much new garbage, and a young collection copying the day's
     * lines, while it is written.
     */
    private final Queue<Utf8Rows> freeBuffers = new ConcurrentLinkedQueue<>();

    private <T> Chunk<T> build(List<Invoice> slice, JournalSink<T> sink, Predicate<JournalEntry> storable) {
        Tally tally = new Tally();
        List<JournalEntry> entries = new ArrayList<>(slice.size());
        List<Reject> refused = new ArrayList<>();
        for (Invoice invoice : slice) {
            build(invoice, storable, entries, tally, refused);
        }
        return new Chunk<>(sink.prepare(entries), tally, refused, null);
    }

    /** Builds one invoice's entry in {@code BigDecimal} into {@code entries}, or refuses it when not storable. */
    private void build(Invoice invoice, Predicate<JournalEntry> storable, List<JournalEntry> entries, Tally tally,
            List<Reject> refused) {
        List<InvoiceLine> invoiceLines = invoiceLines(invoice);
        Optional<JournalEntry> entry = builder.build(invoice.invoiceId, invoice.siteCode, invoice.currency, invoiceLines);
        if (entry.isPresent() && !storable.test(entry.get())) {
            for (InvoiceLine line : invoiceLines) {
                refused.add(new Reject(line.lineNumber(), line.billingId(), invoice.invoiceId,
                        RejectReason.ENTRY_TOO_LARGE, line.amount()));
            }
            return;
        }
        for (InvoiceLine line : invoiceLines) {
            tally.add(invoice.currency, Tally.ACCEPTED, line.amount().amount());
        }
        tally.linesPosted += invoiceLines.size();
        tally.invoicesPosted++;
        entry.ifPresent(e -> {
            entries.add(e);
            tally(e, tally);
        });
    }

    /**
     * A chunk's canonical rows straight from the columnar store in minor units; an invoice whose
     * amounts leave long's range goes through {@link JournalEntryBuilder} and {@code sink}'s own
     * formatting, in its place.
     */
    private <T> Chunk<T> rows(List<Invoice> slice, CanonicalCsvSink<T> sink, CanonicalRows.Layout layout) {
        Tally tally = new Tally();
        MinorTally minor = new MinorTally(layout.currencies, tally);
        CanonicalRows rows = new CanonicalRows(lines, billingIds, layout);
        Utf8Rows bytes = freeBuffers.poll();
        if (bytes == null) {
            bytes = new Utf8Rows(slice.size() * ROW_BYTES_PER_INVOICE);
        }
        bytes.truncate(0);
        List<JournalEntry> large = new ArrayList<>(1);
        StringBuilder text = new StringBuilder();
        for (Invoice invoice : slice) {
            if (!rows.append(bytes, invoice, minor)) {
                large.clear();
                build(invoice, entry -> true, large, tally, new ArrayList<>());
                for (JournalEntry entry : large) {
                    text.setLength(0);
                    sink.appendRows(text, entry);
                    bytes.appendText(text);
                }
            }
        }
        minor.flushInto();
        return new Chunk<>(sink.prepareUtf8Rows(bytes.bytes(), bytes.length()), tally, List.of(), bytes);
    }

    /**
     * Bytes of rows per invoice, with room to spare: a generated day averages 660 (3.5 lines, 4.5
     * rows of about 145 bytes), and a chunk that outgrows its array copies it.
     */
    private static final int ROW_BYTES_PER_INVOICE = 768;

    /**
     * An invoice's lines as objects, made from the columnar store only while its entry is built
     * (young garbage on a posting thread, not a day's worth of objects kept alive).
     */
    private List<InvoiceLine> invoiceLines(Invoice invoice) {
        List<InvoiceLine> out = new ArrayList<>(invoice.lineCount);
        int digits = invoice.currency.minorDigits();
        for (int line = invoice.firstLine; line != AcceptedLines.NONE; line = lines.next(line)) {
            out.add(new InvoiceLine(lines.lineNumber(line), billingIds.get(lines.billingId(line)),
                    index.accounts[lines.account(line)], index.taxCodeText[lines.tax(line)],
                    Money.of(invoice.currency, lines.decimal(line, digits))));
        }
        return out;
    }

    private <T> void deliver(Future<Chunk<T>> future, JournalSink<T> sink, Tally total, List<Reject> refused) {
        Chunk<T> chunk;
        try {
            chunk = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        sink.accept(chunk.prepared());
        if (chunk.buffer() != null) {
            freeBuffers.add(chunk.buffer());
        }
        total.addAll(chunk.tally());
        refused.addAll(chunk.refused());
    }

    private static void tally(JournalEntry entry, Tally tally) {
        tally.entries++;
        tally.journalLines += entry.lines().size();
        for (JournalLine line : entry.lines()) {
            BigDecimal amount = line.amount().amount();
            boolean debit = line.side() == Side.DEBIT;
            tally.add(entry.currency(), debit ? Tally.DEBIT : Tally.CREDIT, amount);
            if (line.kind() == LineKind.REVENUE) {
                tally.add(entry.currency(), Tally.REVENUE, debit ? amount.negate() : amount);
            }
        }
    }

    private RunTotals reconcile(Tally posting) {
        List<Reject> rejects = rejects();
        if (linesRead != posting.linesPosted + rejects.size()) {
            throw new InvariantViolationException("lines read " + linesRead + " != posted " + posting.linesPosted
                    + " + quarantined " + rejects.size());
        }
        long invoicesRefused = invoices.size() - posting.invoicesPosted;
        Map<CurrencyUnit, BigDecimal> quarantined = new HashMap<>();
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        long unpriced = 0;
        for (Reject reject : rejects) {
            byReason.merge(reject.reason(), 1L, Long::sum);
            if (reject.amount() == null) {
                unpriced++;
            } else {
                quarantined.merge(reject.amount().currency(), reject.amount().amount(), BigDecimal::add);
            }
        }
        TreeSet<CurrencyUnit> currencies = new TreeSet<>(readAmounts.keySet());
        currencies.addAll(posting.sums.keySet());
        List<CurrencyTotals> totals = new ArrayList<>();
        for (CurrencyUnit currency : currencies) {
            Money read = Money.of(currency, readAmounts.getOrDefault(currency, BigDecimal.ZERO));
            Money posted = Money.of(currency, posting.get(currency, Tally.REVENUE));
            Money accepted = Money.of(currency, posting.get(currency, Tally.ACCEPTED));
            Money out = Money.of(currency, quarantined.getOrDefault(currency, BigDecimal.ZERO));
            Money debit = Money.of(currency, posting.get(currency, Tally.DEBIT));
            Money credit = Money.of(currency, posting.get(currency, Tally.CREDIT));
            if (!posted.equals(accepted)) {
                throw new InvariantViolationException(currency + ": entries post " + posted
                        + " of revenue but the accepted lines total " + accepted);
            }
            if (!read.equals(posted.plus(out))) {
                throw new InvariantViolationException(currency + ": read " + read + " != posted " + posted
                        + " + quarantined " + out);
            }
            if (!debit.equals(credit)) {
                throw new InvariantViolationException(currency + ": journal debits " + debit + " != credits " + credit);
            }
            totals.add(new CurrencyTotals(currency, read, posted, out, debit, credit));
        }
        return new RunTotals(linesRead, posting.linesPosted, rejects.size(), unpriced, posting.invoicesPosted,
                invoicesQuarantined + invoicesRefused, posting.entries, posting.journalLines, byReason, totals);
    }
}
