package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** Control sums per currency while posting: accepted line amounts, net revenue, debits, credits. */
final class Tally {
    static final int ACCEPTED = 0;
    static final int REVENUE = 1;
    static final int DEBIT = 2;
    static final int CREDIT = 3;

    final Map<CurrencyUnit, BigDecimal[]> sums = new HashMap<>(4);
    long linesPosted;
    long invoicesPosted;
    long entries;
    long journalLines;

    void add(CurrencyUnit currency, int which, BigDecimal amount) {
        BigDecimal[] values = sums.computeIfAbsent(currency,
                c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
        values[which] = values[which].add(amount);
    }

    void addAll(Tally other) {
        other.sums.forEach((currency, values) -> {
            for (int i = 0; i < values.length; i++) {
                add(currency, i, values[i]);
            }
        });
        linesPosted += other.linesPosted;
        invoicesPosted += other.invoicesPosted;
        entries += other.entries;
        journalLines += other.journalLines;
    }

    BigDecimal get(CurrencyUnit currency, int which) {
        BigDecimal[] values = sums.get(currency);
        return values == null ? BigDecimal.ZERO : values[which];
    }
}
