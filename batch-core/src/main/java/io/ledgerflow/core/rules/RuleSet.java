package io.ledgerflow.core.rules;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/** The posting rules in force from {@code effectiveFrom} until the next rule set's date. */
public record RuleSet(LocalDate effectiveFrom, Map<String, TaxCode> taxCodes, Map<String, String> revenueAccounts) {
    public RuleSet {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        taxCodes = Map.copyOf(taxCodes);
        revenueAccounts = Map.copyOf(revenueAccounts);
        if (revenueAccounts.isEmpty()) {
            throw new IllegalArgumentException("rule set " + effectiveFrom + " maps no billing_type to a revenue account");
        }
        if (taxCodes.isEmpty()) {
            throw new IllegalArgumentException("rule set " + effectiveFrom + " defines no tax code");
        }
    }

    /** The tax code, or null when this rule set does not define it. */
    public TaxCode taxCode(String code) {
        return taxCodes.get(code);
    }

    /** The revenue account for a billing type, or null when the type is not mapped. */
    public String revenueAccount(String billingType) {
        return revenueAccounts.get(billingType);
    }
}
