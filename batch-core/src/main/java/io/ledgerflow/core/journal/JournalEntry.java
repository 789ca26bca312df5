package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One balanced double-entry journal entry: one per invoice, {@code entryId = {date}:{invoiceId}}.
 * The constructor checks the invariants (lines numbered 1..n, one currency, debits = credits)
 * and throws {@link InvariantViolationException} when they do not hold.
 *
 * @param ruleSetEffectiveFrom the {@code effective_from} of the rule set the entry was posted under
 */
public record JournalEntry(
        String entryId,
        LocalDate businessDate,
        String invoiceId,
        String department,
        CurrencyUnit currency,
        LocalDate ruleSetEffectiveFrom,
        List<JournalLine> lines) {

    public JournalEntry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(ruleSetEffectiveFrom, "ruleSetEffectiveFrom");
        lines = List.copyOf(lines);
        checkInvariants(entryId, businessDate, invoiceId, currency, lines);
    }

    public static String entryIdOf(LocalDate businessDate, String invoiceId) {
        return businessDate + ":" + invoiceId;
    }

    public Money totalDebit() {
        Money sum = Money.zero(currency);
        for (JournalLine line : lines) {
            sum = sum.plus(line.debit());
        }
        return sum;
    }

    public Money totalCredit() {
        Money sum = Money.zero(currency);
        for (JournalLine line : lines) {
            sum = sum.plus(line.credit());
        }
        return sum;
    }

    private static void checkInvariants(
            String entryId, LocalDate date, String invoiceId, CurrencyUnit currency, List<JournalLine> lines) {
        if (!entryId.equals(entryIdOf(date, invoiceId))) {
            throw new InvariantViolationException("entry id " + entryId + " is not {business_date}:{invoice_id}");
        }
        if (lines.isEmpty()) {
            throw new InvariantViolationException("entry " + entryId + " has no lines");
        }
        BigDecimal debit = BigDecimal.ZERO;
        BigDecimal credit = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            JournalLine line = lines.get(i);
            if (line.lineNo() != i + 1) {
                throw new InvariantViolationException(
                        "entry " + entryId + ": line " + (i + 1) + " is numbered " + line.lineNo());
            }
            if (!line.amount().currency().equals(currency)) {
                throw new InvariantViolationException(
                        "entry " + entryId + " in " + currency + " has a line in " + line.amount().currency());
            }
            if (line.side() == Side.DEBIT) {
                debit = debit.add(line.amount().amount());
            } else {
                credit = credit.add(line.amount().amount());
            }
        }
        if (debit.compareTo(credit) != 0) {
            throw new InvariantViolationException("entry " + entryId + " does not balance: debits "
                    + debit.toPlainString() + ", credits " + credit.toPlainString());
        }
    }
}
