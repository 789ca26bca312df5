package io.ledgerflow.core.rules;

import io.ledgerflow.core.money.CurrencyUnit;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The posting rules of one company (DESIGN "Rules file"): currencies, rounding, the receivable
 * account, and rule sets by effective date.
 */
public record Rules(
        String company,
        Map<String, CurrencyUnit> currencies,
        RoundingMode lineRounding,
        RoundingMode taxRounding,
        String receivableAccount,
        List<RuleSet> ruleSets) {

    public Rules {
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(lineRounding, "lineRounding");
        Objects.requireNonNull(taxRounding, "taxRounding");
        Objects.requireNonNull(receivableAccount, "receivableAccount");
        currencies = Map.copyOf(currencies);
        ruleSets = ruleSets.stream().sorted(Comparator.comparing(RuleSet::effectiveFrom)).toList();
        if (currencies.isEmpty()) {
            throw new IllegalArgumentException("no currencies listed");
        }
        if (ruleSets.isEmpty()) {
            throw new IllegalArgumentException("no rule_sets");
        }
        for (int i = 1; i < ruleSets.size(); i++) {
            if (ruleSets.get(i).effectiveFrom().equals(ruleSets.get(i - 1).effectiveFrom())) {
                throw new IllegalArgumentException("two rule sets share effective_from " + ruleSets.get(i).effectiveFrom());
            }
        }
    }

    /** The currency, or null when the rules do not list it. */
    public CurrencyUnit currency(String code) {
        return currencies.get(code);
    }

    /** The rule set with the latest {@code effective_from} on or before the date, if any. */
    public Optional<RuleSet> ruleSetFor(LocalDate businessDate) {
        RuleSet found = null;
        for (RuleSet ruleSet : ruleSets) {
            if (!ruleSet.effectiveFrom().isAfter(businessDate)) {
                found = ruleSet;
            }
        }
        return Optional.ofNullable(found);
    }
}
