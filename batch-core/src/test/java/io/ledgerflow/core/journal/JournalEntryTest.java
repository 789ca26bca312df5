package io.ledgerflow.core.journal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalEntryTest {

    private static final CurrencyUnit JPY = new CurrencyUnit("JPY", 0);
    private static final LocalDate DATE = LocalDate.of(2026, 11, 20);

    private static JournalLine line(int no, LineKind kind, Side side, long amount) {
        return new JournalLine(no, kind, "1", kind == LineKind.RECEIVABLE ? null : "S10", side,
                Money.of(JPY, BigDecimal.valueOf(amount)), kind == LineKind.REVENUE ? "B" + no : null);
    }

    @Test
    void unbalancedEntry_throwsInvariantViolation() {
        assertThatThrownBy(() -> new JournalEntry("2026-11-20:I1", DATE, "I1", "S", JPY, DATE, List.of(
                line(1, LineKind.RECEIVABLE, Side.DEBIT, 110), line(2, LineKind.REVENUE, Side.CREDIT, 100))))
                .isInstanceOf(InvariantViolationException.class)
                .hasMessageContaining("does not balance");
    }

    @Test
    void linesOutOfSequence_throwInvariantViolation() {
        assertThatThrownBy(() -> new JournalEntry("2026-11-20:I1", DATE, "I1", "S", JPY, DATE, List.of(
                line(1, LineKind.RECEIVABLE, Side.DEBIT, 100), line(3, LineKind.REVENUE, Side.CREDIT, 100))))
                .isInstanceOf(InvariantViolationException.class);
    }

    @Test
    void entryId_mustBeDateColonInvoice() {
        assertThatThrownBy(() -> new JournalEntry("I1", DATE, "I1", "S", JPY, DATE, List.of(
                line(1, LineKind.RECEIVABLE, Side.DEBIT, 100), line(2, LineKind.REVENUE, Side.CREDIT, 100))))
                .isInstanceOf(InvariantViolationException.class);
    }

    @Test
    void zeroOrNegativeLineAmounts_areRefused() {
        assertThatThrownBy(() -> line(1, LineKind.REVENUE, Side.CREDIT, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> line(1, LineKind.REVENUE, Side.CREDIT, -5)).isInstanceOf(IllegalArgumentException.class);
    }
}
