package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryItemsTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static final CurrencyUnit USD = new CurrencyUnit("USD", 2);

    @Test
    void item_readsBackAsTheSameEntry_amountsExact() {
        // given a USD entry with cents, a credit receivable and a debit revenue line
        JournalEntry entry = new JournalEntry(JournalEntry.entryIdOf(DATE, "INV-9"), DATE, "INV-9", "OSA-02", USD,
                LocalDate.parse("2026-04-01"), List.of(
                        new JournalLine(1, LineKind.RECEIVABLE, "1130", null, Side.CREDIT, usd("0.10"), null),
                        new JournalLine(2, LineKind.REVENUE, "4110", "ZR", Side.DEBIT, usd("0.10"), "B-1")));

        // when
        var item = EntryItems.toItem(entry, "run-1", 5);

        // then
        assertThat(item.get("pk").s()).isEqualTo("JE#2026-11-20#005");
        assertThat(item.get("sk").s()).isEqualTo("run-1#INV-9");
        assertThat(item.get("lines").l().get(0).m().get("amount").s()).isEqualTo("0.10");
        assertThat(EntryItems.fromItem(item)).isEqualTo(entry);
    }

    @Test
    void entryTooLargeForOneItem_isRefusedBeforeWriting() {
        // given an invoice of 6,000 revenue lines
        List<JournalLine> lines = new ArrayList<>();
        int revenueLines = 6_000;
        lines.add(new JournalLine(1, LineKind.RECEIVABLE, "1130", null, Side.DEBIT, usd(revenueLines + ".00"), null));
        for (int i = 0; i < revenueLines; i++) {
            lines.add(new JournalLine(i + 2, LineKind.REVENUE, "4110", "EX", Side.CREDIT, usd("1.00"),
                    String.format("billing-%010d", i)));
        }
        JournalEntry entry = new JournalEntry(JournalEntry.entryIdOf(DATE, "BIG"), DATE, "BIG", "TYO-01", USD,
                LocalDate.parse("2026-04-01"), lines);

        // when / then
        assertThatThrownBy(() -> EntryItems.toItem(entry, "run-1", 0))
                .isInstanceOf(EntryTooLargeException.class)
                .hasMessageContaining("entry 2026-11-20:BIG has 6001 lines");
    }

    @Test
    void bytesBound_isNeverBelowTheItemsSize_forAnyRunIdAndShard() {
        // given entries of 1 to 3,000 lines, ASCII and multi-byte ids, accounts and amounts of any scale
        java.util.Random random = new java.util.Random(7);
        String[] texts = {"4110", "売上高-運送", "A", "x".repeat(64), "😀-emoji-ids"};
        String[] amounts = {"0.01", "1000000000000000.00", "12.30", "7.00"};
        String longestRunId = "r".repeat(80);
        for (int round = 0; round < 200; round++) {
            int revenueLines = round < 190 ? 1 + random.nextInt(8) : 1 + random.nextInt(3_000);
            String invoice = texts[random.nextInt(texts.length)] + round;
            List<JournalLine> lines = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO.setScale(2);
            for (int i = 0; i < revenueLines; i++) {
                BigDecimal amount = new BigDecimal(amounts[random.nextInt(amounts.length)]);
                total = total.add(amount);
                boolean tax = random.nextInt(4) == 0; // a tax line has no billing id
                lines.add(new JournalLine(i + 2, tax ? LineKind.TAX : LineKind.REVENUE, texts[random.nextInt(texts.length)],
                        texts[random.nextInt(texts.length)], Side.CREDIT, Money.of(USD, amount),
                        tax ? null : texts[random.nextInt(texts.length)] + i));
            }
            lines.addFirst(new JournalLine(1, LineKind.RECEIVABLE, "1130", null, Side.DEBIT, Money.of(USD, total), null));
            JournalEntry entry = new JournalEntry(JournalEntry.entryIdOf(DATE, invoice), DATE, invoice,
                    texts[random.nextInt(texts.length)], USD, LocalDate.parse("2026-04-01"), lines);

            // when
            long bound = EntryItems.bytesBound(entry);

            // then
            long exact = EntryItems.itemBytes(EntryItems.toItem(entry, longestRunId, 999));
            assertThat(bound).as("entry of %d lines", lines.size()).isGreaterThanOrEqualTo(exact);
        }
    }

    @Test
    void fits_answersAsTheBuiltItemDoes_onBothSidesOfTheLimit() {
        // given entries just under and well over one item's limit as built
        JournalEntry small = revenueEntry("SMALL", 10);
        JournalEntry large = revenueEntry("LARGE", 6_000);

        // when / then
        assertThat(EntryItems.fits(small)).isTrue();
        assertThat(EntryItems.fits(large)).isFalse();
        assertThat(EntryItems.bytesBound(large)).isGreaterThan(EntryItems.ITEM_BYTES_MAX);
    }

    private static JournalEntry revenueEntry(String invoice, int revenueLines) {
        List<JournalLine> lines = new ArrayList<>();
        lines.add(new JournalLine(1, LineKind.RECEIVABLE, "1130", null, Side.DEBIT, usd(revenueLines + ".00"), null));
        for (int i = 0; i < revenueLines; i++) {
            lines.add(new JournalLine(i + 2, LineKind.REVENUE, "4110", "EX", Side.CREDIT, usd("1.00"),
                    String.format("billing-%010d", i)));
        }
        return new JournalEntry(JournalEntry.entryIdOf(DATE, invoice), DATE, invoice, "TYO-01", USD,
                LocalDate.parse("2026-04-01"), lines);
    }

    private static Money usd(String amount) {
        return Money.of(USD, new BigDecimal(amount));
    }
}
