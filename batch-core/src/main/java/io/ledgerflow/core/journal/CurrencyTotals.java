package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;

/**
 * One currency's control totals of a run. {@code read = posted + quarantined} (line amounts), and
 * the journal's debits equal its credits.
 */
public record CurrencyTotals(
        CurrencyUnit currency, Money read, Money posted, Money quarantined, Money debit, Money credit) {}
