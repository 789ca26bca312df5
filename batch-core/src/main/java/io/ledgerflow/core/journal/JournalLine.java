package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.Money;
import java.util.Objects;

/**
 * One line of a journal entry. {@code amount} is never negative and never zero; {@code side}
 * says which column it belongs to. {@code taxCode} is null on the receivable line;
 * {@code billingId} is set on revenue lines only.
 */
public record JournalLine(
        int lineNo, LineKind kind, String account, String taxCode, Side side, Money amount, String billingId) {

    public JournalLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(amount, "amount");
        if (lineNo < 1) {
            throw new IllegalArgumentException("line_no starts at 1, got " + lineNo);
        }
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("journal line amounts are positive, got " + amount);
        }
        if ((kind == LineKind.RECEIVABLE) != (taxCode == null)) {
            throw new IllegalArgumentException("tax_code is empty on the receivable line only");
        }
        if ((kind == LineKind.REVENUE) != (billingId != null)) {
            throw new IllegalArgumentException("billing_id is set on revenue lines only");
        }
    }

    public Money debit() {
        return side == Side.DEBIT ? amount : Money.zero(amount.currency());
    }

    public Money credit() {
        return side == Side.CREDIT ? amount : Money.zero(amount.currency());
    }
}
