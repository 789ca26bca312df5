package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.rules.RuleSet;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.TaxCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rule set in force as small integer indexes, so that a line stores ints, not references:
 * tax codes are numbered in ascending code order (the order of an entry's tax lines), revenue
 * accounts and currencies as met in the rules.
 */
final class RuleIndex {

    final TaxCode[] taxCodes;
    /** The tax codes as the rule set's keys name them, in ascending order; the rules' own strings. */
    final String[] taxCodeText;
    final String[] accounts;
    final CurrencyUnit[] currencies;
    private final Map<String, Integer> taxByCode = new HashMap<>();
    private final Map<String, Integer> accountByBillingType = new HashMap<>();
    private final Map<CurrencyUnit, Integer> currencyIndex = new HashMap<>();

    RuleIndex(Rules rules, RuleSet ruleSet) {
        TreeMap<String, TaxCode> sorted = new TreeMap<>(ruleSet.taxCodes());
        taxCodes = sorted.values().toArray(TaxCode[]::new);
        taxCodeText = sorted.keySet().toArray(String[]::new);
        for (String code : sorted.keySet()) {
            taxByCode.put(code, taxByCode.size());
        }
        List<String> accountList = new ArrayList<>(new TreeSet<>(ruleSet.revenueAccounts().values()));
        accounts = accountList.toArray(String[]::new);
        ruleSet.revenueAccounts().forEach((type, account) -> accountByBillingType.put(type, accountList.indexOf(account)));
        currencies = new TreeSet<>(rules.currencies().values()).toArray(CurrencyUnit[]::new);
        for (int i = 0; i < currencies.length; i++) {
            currencyIndex.put(currencies[i], i);
        }
    }

    /** The index of a tax code of the rule set; -1 when it defines no such code. */
    int tax(String code) {
        Integer index = taxByCode.get(code);
        return index == null ? -1 : index;
    }

    /** The index of a billing type's revenue account; -1 when the type is not mapped. */
    int account(String billingType) {
        Integer index = accountByBillingType.get(billingType);
        return index == null ? -1 : index;
    }

    int currency(CurrencyUnit currency) {
        return currencyIndex.get(currency);
    }
}
