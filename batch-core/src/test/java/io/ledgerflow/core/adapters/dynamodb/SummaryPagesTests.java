package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.SummaryLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Summary lines in pages, without a database. */
class SummaryPagesTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static final CurrencyUnit USD = new CurrencyUnit("USD", 2);
    static final CurrencyUnit JPY = new CurrencyUnit("JPY", 0);

    @Test
    void manyLines_makeSeveralPages_readBackInOrder_amountsExact() {
        // given 6,000 lines (about 70 bytes each encoded: more than one page), shuffled
        List<SummaryLine> lines = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            lines.add(new SummaryLine("4110", String.format("SITE-%04d", i), "S10", USD,
                    Money.of(USD, new BigDecimal("0.10")), Money.of(USD, new BigDecimal(i + ".05"))));
            lines.add(new SummaryLine("1130", String.format("SITE-%04d", i), "", JPY,
                    Money.of(JPY, new BigDecimal(1_000_000 + i)), Money.of(JPY, BigDecimal.ZERO)));
        }
        List<SummaryLine> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(5));
        lines.sort(SummaryLine.ORDER);

        // when
        var items = SummaryPages.toItems(DATE, "run-1", shuffled);

        // then
        assertThat(items).hasSizeGreaterThan(1);
        assertThat(items).extracting(i -> i.get("sk").s()).startsWith("SUM#run-1#P#0000", "SUM#run-1#P#0001");
        assertThat(items).allSatisfy(i -> assertThat(EntryPages.gunzip(i.get("body").b().asByteArray()).length)
                .isLessThanOrEqualTo(EntryPages.PAGE_BODY_BYTES_MAX));
        assertThat(items.stream().flatMap(i -> SummaryPages.linesOf(i).stream()).toList()).isEqualTo(lines);
        assertThat(SummaryPages.toItems(DATE, "run-1", lines)).isEqualTo(items);
    }

    @Test
    void oneLineItems_ofStoresWrittenBeforePages_areStillRead() {
        SummaryLine line = new SummaryLine("2191", "TYO-01", "S10", JPY, Money.of(JPY, BigDecimal.ZERO),
                Money.of(JPY, new BigDecimal("1200")));

        assertThat(SummaryPages.linesOf(RunItems.summaryItem(DATE, "run-1", line))).containsExactly(line);
    }
}
