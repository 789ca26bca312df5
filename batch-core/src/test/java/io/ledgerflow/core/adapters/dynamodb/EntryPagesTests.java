package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.EntryPages.Page;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalLine;
import io.ledgerflow.core.journal.LineKind;
import io.ledgerflow.core.journal.Side;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.EntryTooLargeException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Paging and the page encoding, without a database. */
class EntryPagesTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static final CurrencyUnit USD = new CurrencyUnit("USD", 2);
    static final List<JournalEntry> DAY = TestDays.generate(DATE, 3_000, 5).entries();

    @Test
    void page_readsBackAsTheSameEntries_amountsExact() {
        // given a USD entry with cents, a credit receivable, a debit revenue line and no tax line
        JournalEntry entry = new JournalEntry(JournalEntry.entryIdOf(DATE, "INV-9"), DATE, "INV-9", "OSA-02", USD,
                LocalDate.parse("2026-04-01"), List.of(
                        new JournalLine(1, LineKind.RECEIVABLE, "1130", null, Side.CREDIT, usd("0.10"), null),
                        new JournalLine(2, LineKind.REVENUE, "4110", "ZR", Side.DEBIT, usd("0.10"), "B-1")));

        // when
        var items = EntryPages.toItems(DATE, "run-1", 16, 100, List.of(entry));

        // then
        assertThat(items).hasSize(1);
        var item = items.getFirst();
        assertThat(item.get("pk").s()).isEqualTo("JE#2026-11-20#" + String.format("%03d", Keys.shardOf("INV-9", 16)));
        assertThat(item.get("sk").s()).isEqualTo("run-1#P#INV-9");
        assertThat(item.get("type").s()).isEqualTo("ENTRY_PAGE");
        assertThat(item.get(EntryPages.COUNT).n()).isEqualTo("1");
        assertThat(new String(EntryPages.gunzip(item.get("body").b().asByteArray())))
                .isEqualTo("[[\"INV-9\",\"OSA-02\",\"USD\",2,\"2026-04-01\",[[1,\"RECEIVABLE\",\"1130\",null,\"CREDIT\",\"0.10\",null],"
                        + "[2,\"REVENUE\",\"4110\",\"ZR\",\"DEBIT\",\"0.10\",\"B-1\"]]]]");
        assertThat(EntryPages.entriesOf(item)).containsExactly(entry);
    }

    @Test
    void theSameEntries_inAnyOrder_makeTheSamePages() {
        // given a day's entries and the same entries shuffled
        List<JournalEntry> shuffled = new ArrayList<>(DAY);
        Collections.shuffle(shuffled, new Random(3));

        // when
        var pages = EntryPages.toItems(DATE, "run-1", 8, 10, DAY);
        var again = EntryPages.toItems(DATE, "run-1", 8, 10, shuffled);

        // then: same keys, same decoded contents, every entry once
        assertThat(again).extracting(i -> i.get("pk").s() + "/" + i.get("sk").s())
                .containsExactlyElementsOf(pages.stream().map(i -> i.get("pk").s() + "/" + i.get("sk").s()).toList());
        assertThat(again).extracting(EntryPages::entriesOf)
                .containsExactlyElementsOf(pages.stream().map(EntryPages::entriesOf).toList());
        assertThat(pages.stream().mapToLong(EntryPages::countOf).sum()).isEqualTo(DAY.size());
        assertThat(pages.stream().flatMap(i -> EntryPages.entriesOf(i).stream()).map(JournalEntry::invoiceId).distinct())
                .hasSize(DAY.size());
    }

    @Test
    void pages_holdOneShardEach_byInvoice_atMostPageEntriesMax() {
        // when
        List<Page> pages = EntryPages.paginate(DATE, 8, 10, DAY);

        // then
        assertThat(pages).allSatisfy(page -> {
            assertThat(page.entries()).hasSizeBetween(1, 10)
                    .allMatch(e -> Keys.shardOf(e.invoiceId(), 8) == page.shard())
                    .isSortedAccordingTo((a, b) -> a.invoiceId().compareTo(b.invoiceId()));
            assertThat(page.body().length).isLessThanOrEqualTo(EntryPages.PAGE_BODY_BYTES_MAX);
        });
        assertThat(pages.size()).isGreaterThanOrEqualTo(DAY.size() / 10);
    }

    @Test
    void pages_areCutAtTheByteBound_beforeTheEntryBound() {
        // given entries of 400 lines each (about 30 KB encoded), 100 of them allowed a page
        List<JournalEntry> big = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            big.add(entryOfLines(String.format("INV-%03d", i), 400, new SplittableRandom(i)));
        }

        // when: one shard, so only the bounds cut pages
        List<Page> pages = EntryPages.paginate(DATE, 1, 100, big);

        // then every page is below the byte bound, and a page is cut only where the next entry would cross it
        assertThat(pages).hasSizeGreaterThan(1).allSatisfy(page ->
                assertThat(page.body().length).isLessThanOrEqualTo(EntryPages.PAGE_BODY_BYTES_MAX));
        for (int p = 0; p + 1 < pages.size(); p++) {
            int next = EntryPages.encode(pages.get(p + 1).entries().getFirst()).length;
            assertThat(pages.get(p).body().length + 1 + next).isGreaterThan(EntryPages.PAGE_BODY_BYTES_MAX);
        }
        var items = pages.stream().map(page -> EntryPages.toItem(DATE, "run-1", page)).toList();
        assertThat(items).allSatisfy(item ->
                assertThat(EntryPages.itemBytes(item)).isLessThan(EntryPages.ITEM_BYTES_MAX));
        assertThat(items.stream().flatMap(i -> EntryPages.entriesOf(i).stream()).toList()).isEqualTo(big);
    }

    @Test
    void anEntryLargerThanAPage_getsAPageOfItsOwn_whenItFitsOneItem() {
        // given an invoice of 6,000 lines (above the page's byte bound, compressible) between two small ones
        JournalEntry big = entryOfLines("INV-B", 6_000, null);
        JournalEntry small1 = entryOfLines("INV-A", 3, null);
        JournalEntry small2 = entryOfLines("INV-C", 3, null);
        assertThat(EntryPages.encode(big).length).isGreaterThan(EntryPages.PAGE_BODY_BYTES_MAX);

        // when
        List<Page> pages = EntryPages.paginate(DATE, 1, 100, List.of(small2, big, small1));

        // then
        assertThat(pages).extracting(p -> p.entries().stream().map(JournalEntry::invoiceId).toList())
                .containsExactly(List.of("INV-A"), List.of("INV-B"), List.of("INV-C"));
        var item = EntryPages.toItem(DATE, "run-1", pages.get(1));
        assertThat(EntryPages.itemBytes(item)).isLessThan(EntryPages.ITEM_BYTES_MAX);
        assertThat(EntryPages.entriesOf(item)).containsExactly(big);
    }

    @Test
    void anEntryTooLargeForOneItemEvenAlone_isRefusedBeforeWriting() {
        // given an invoice of 10,000 lines with random billing ids (it compresses poorly)
        JournalEntry huge = entryOfLines("HUGE", 10_000, new SplittableRandom(9));

        // when / then
        assertThatThrownBy(() -> EntryPages.toItems(DATE, "run-1", 16, 100, List.of(entryOfLines("INV-A", 3, null), huge)))
                .isInstanceOf(EntryTooLargeException.class)
                .hasMessageContaining("entry 2026-11-20:HUGE has 10001 lines")
                .hasMessageContaining("one item holds at most " + EntryPages.ITEM_BYTES_MAX);
    }

    @Test
    void aPageWhoseCountDisagreesWithItsBody_isAnInvariantViolation() {
        // given a page item whose count was altered
        Map<String, AttributeValue> item = new HashMap<>(EntryPages.toItems(DATE, "run-1", 1, 10, DAY.subList(0, 5)).getFirst());
        item.put(EntryPages.COUNT, AttributeValue.fromN("6"));

        // when / then
        assertThatThrownBy(() -> EntryPages.entriesOf(item))
                .isInstanceOf(InvariantViolationException.class)
                .hasMessageContaining("holds 5 entries, its count says 6");
    }

    @Test
    void oneEntryItems_ofStoresWrittenBeforePages_areStillRead() {
        JournalEntry entry = DAY.getFirst();
        var legacy = EntryItems.toItem(entry, "run-1", 3);

        assertThat(EntryPages.countOf(legacy)).isEqualTo(1);
        assertThat(EntryPages.entriesOf(legacy)).containsExactly(entry);
    }

    @Test
    void writeUnits_areFarFewerThanOneItemPerEntry() {
        // when a day's entries are paged as a worker's partitions are (about 550 entries a call, 16 shards)
        long paged = 0;
        for (int from = 0; from < DAY.size(); from += 550) {
            for (var item : EntryPages.toItems(DATE, "daily-2026-11-20", 16, 1_000,
                    DAY.subList(from, Math.min(DAY.size(), from + 550)))) {
                paged += EntryPages.writeUnits(item);
            }
        }

        // then at least 30 % fewer than one item per entry (at least 1 unit each)
        assertThat(paged).isLessThan((long) (DAY.size() * 0.7));
    }

    /** A balanced entry of {@code lines} revenue lines; random 64-character billing ids if {@code random} is set. */
    static JournalEntry entryOfLines(String invoiceId, int lines, SplittableRandom random) {
        List<JournalLine> all = new ArrayList<>();
        all.add(new JournalLine(1, LineKind.RECEIVABLE, "1130", null, Side.DEBIT, usd(lines + ".00"), null));
        for (int i = 0; i < lines; i++) {
            String billing = random == null ? String.format("billing-%010d", i) : randomId(random);
            all.add(new JournalLine(i + 2, LineKind.REVENUE, "4110", "EX", Side.CREDIT, usd("1.00"), billing));
        }
        return new JournalEntry(JournalEntry.entryIdOf(DATE, invoiceId), DATE, invoiceId, "TYO-01", USD,
                LocalDate.parse("2026-04-01"), all);
    }

    private static String randomId(SplittableRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        StringBuilder id = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static Money usd(String amount) {
        return Money.of(USD, new BigDecimal(amount));
    }
}
