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
    private final TextIndex taxByCode;
    private final TextIndex accountByBillingType;
    /** A currency code, as the rules list it, to its index in {@link #currencies}. */
    private final TextIndex currencyByCode;
    private final Map<CurrencyUnit, Integer> currencyIndex = new HashMap<>();

    RuleIndex(Rules rules, RuleSet ruleSet) {
        TreeMap<String, TaxCode> sorted = new TreeMap<>(ruleSet.taxCodes());
        taxCodes = sorted.values().toArray(TaxCode[]::new);
        taxCodeText = sorted.keySet().toArray(String[]::new);
        Map<String, Integer> taxes = new HashMap<>();
        for (String code : sorted.keySet()) {
            taxes.put(code, taxes.size());
        }
        taxByCode = new TextIndex(taxes);
        List<String> accountList = new ArrayList<>(new TreeSet<>(ruleSet.revenueAccounts().values()));
        accounts = accountList.toArray(String[]::new);
        Map<String, Integer> accountsByType = new HashMap<>();
        ruleSet.revenueAccounts().forEach((type, account) -> accountsByType.put(type, accountList.indexOf(account)));
        accountByBillingType = new TextIndex(accountsByType);
        currencies = new TreeSet<>(rules.currencies().values()).toArray(CurrencyUnit[]::new);
        for (int i = 0; i < currencies.length; i++) {
            currencyIndex.put(currencies[i], i);
        }
        Map<String, Integer> currencyCodes = new HashMap<>();
        rules.currencies().forEach((code, unit) -> currencyCodes.put(code, currencyIndex.get(unit)));
        currencyByCode = new TextIndex(currencyCodes);
    }

    /** The index of a tax code of the rule set; -1 when it defines no such code. */
    int tax(String code) {
        return taxByCode.get(code);
    }

    /** The index of a billing type's revenue account; -1 when the type is not mapped. */
    int account(String billingType) {
        return accountByBillingType.get(billingType);
    }

    /** The index in {@link #currencies} of a currency code the rules list; -1 when they do not. */
    int currency(String code) {
        return currencyByCode.get(code);
    }

    int currency(CurrencyUnit currency) {
        return currencyIndex.get(currency);
    }
}
