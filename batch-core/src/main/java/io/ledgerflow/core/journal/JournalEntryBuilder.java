package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.rules.RuleSet;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.TaxCode;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the journal entry of one invoice exactly as DESIGN's "Calculation" says: tax rounded once
 * per invoice per tax code, a receivable line for the gross, one revenue line per billing record by
 * billing_id, one tax line per tax code with non-zero tax by code; zero lines left out. Pure.
 */
public final class JournalEntryBuilder {

    private final LocalDate businessDate;
    private final RuleSet ruleSet;
    private final String receivableAccount;
    private final RoundingMode taxRounding;

    public JournalEntryBuilder(Rules rules, RuleSet ruleSet, LocalDate businessDate) {
        this.businessDate = businessDate;
        this.ruleSet = ruleSet;
        this.receivableAccount = rules.receivableAccount();
        this.taxRounding = rules.taxRounding();
    }

    /**
     * The entry for an invoice's lines (all in {@code currency}), or empty when every line of it
     * would be zero: such an invoice makes no entry, though its records still count as posted.
     */
    public Optional<JournalEntry> build(String invoiceId, String department, CurrencyUnit currency, List<InvoiceLine> lines) {
        List<InvoiceLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(InvoiceLine::billingId));
        Map<String, Money> baseByTaxCode = new TreeMap<>();
        Money net = Money.zero(currency);
        for (InvoiceLine line : sorted) {
            baseByTaxCode.merge(line.taxCode(), line.amount(), Money::plus);
            net = net.plus(line.amount());
        }
        Map<String, Money> taxByCode = new TreeMap<>();
        Money totalTax = Money.zero(currency);
        for (Map.Entry<String, Money> base : baseByTaxCode.entrySet()) {
            TaxCode code = ruleSet.taxCode(base.getKey());
            Money tax = base.getValue().multipliedBy(code.rate(), taxRounding);
            taxByCode.put(base.getKey(), tax);
            totalTax = totalTax.plus(tax);
        }
        Money gross = net.plus(totalTax);

        List<JournalLine> out = new ArrayList<>(sorted.size() + 1 + taxByCode.size());
        if (!gross.isZero()) {
            out.add(new JournalLine(out.size() + 1, LineKind.RECEIVABLE, receivableAccount, null,
                    Side.debitWhenPositive(gross.signum()), gross.abs(), null));
        }
        for (InvoiceLine line : sorted) {
            if (!line.amount().isZero()) {
                out.add(new JournalLine(out.size() + 1, LineKind.REVENUE, line.revenueAccount(), line.taxCode(),
                        Side.creditWhenPositive(line.amount().signum()), line.amount().abs(), line.billingId()));
            }
        }
        for (Map.Entry<String, Money> tax : taxByCode.entrySet()) {
            if (!tax.getValue().isZero()) {
                out.add(new JournalLine(out.size() + 1, LineKind.TAX, ruleSet.taxCode(tax.getKey()).payableAccount(),
                        tax.getKey(), Side.creditWhenPositive(tax.getValue().signum()), tax.getValue().abs(), null));
            }
        }
        if (out.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JournalEntry(JournalEntry.entryIdOf(businessDate, invoiceId), businessDate, invoiceId,
                department, currency, ruleSet.effectiveFrom(), out));
    }
}
