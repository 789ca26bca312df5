package io.ledgerflow.core.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ledgerflow.core.money.CurrencyUnit;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the YAML rules file of DESIGN into {@link Rules}, naming the file and the problem on error. */
public final class RulesLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);

    private RulesLoader() {}

    public static Rules load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new RulesFileException(file + ": no such rules file", e);
        } catch (IOException e) {
            throw new RulesFileException(file + ": cannot read rules file: " + e.getMessage(), e);
        }
    }

    public static Rules load(InputStream in, String name) {
        RulesDocument doc;
        try {
            doc = YAML.readValue(in, RulesDocument.class);
        } catch (JacksonException e) {
            throw new RulesFileException(name + ": " + e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new RulesFileException(name + ": cannot read rules file: " + e.getMessage(), e);
        }
        if (doc == null) {
            throw new RulesFileException(name + ": the rules file is empty", null);
        }
        try {
            return doc.toRules();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RulesFileException(name + ": " + e.getMessage(), e);
        }
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** The file's shape, field for field; {@link #toRules()} checks it. */
    record RulesDocument(
            String company,
            Map<String, Integer> currencies,
            Map<String, String> rounding,
            Map<String, String> accounts,
            @JsonProperty("rule_sets") List<RuleSetDocument> ruleSets) {

        Rules toRules() {
            require(company, "company");
            require(currencies, "currencies");
            require(rounding, "rounding");
            require(accounts, "accounts");
            require(ruleSets, "rule_sets");
            Map<String, CurrencyUnit> units = new LinkedHashMap<>();
            currencies.forEach((code, digits) -> units.put(code, new CurrencyUnit(code, require(digits, "currencies." + code))));
            List<RuleSet> sets = new ArrayList<>();
            for (RuleSetDocument set : ruleSets) {
                sets.add(set.toRuleSet());
            }
            return new Rules(company, units, roundingMode("line"), roundingMode("tax"),
                    account(accounts.get("receivable"), "accounts.receivable"), sets);
        }

        private RoundingMode roundingMode(String key) {
            String name = require(rounding.get(key), "rounding." + key);
            try {
                return RoundingMode.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rounding." + key + ": '" + name
                        + "' is not a java.math.RoundingMode (HALF_UP, DOWN, HALF_EVEN, ...)");
            }
        }
    }

    record RuleSetDocument(
            @JsonProperty("effective_from") LocalDate effectiveFrom,
            @JsonProperty("tax_codes") Map<String, TaxCodeDocument> taxCodes,
            @JsonProperty("revenue_accounts") Map<String, String> revenueAccounts) {

        RuleSet toRuleSet() {
            require(effectiveFrom, "rule_sets[].effective_from");
            String rule = "rule_sets[" + effectiveFrom + "]";
            require(taxCodes, rule + ".tax_codes");
            require(revenueAccounts, rule + ".revenue_accounts");
            Map<String, TaxCode> codes = new LinkedHashMap<>();
            taxCodes.forEach((code, doc) -> codes.put(code, new TaxCode(code,
                    require(doc == null ? null : doc.rate(), rule + ".tax_codes." + code + ".rate"),
                    doc.payableAccount() == null ? null
                            : account(doc.payableAccount(), rule + ".tax_codes." + code + ".payable_account"))));
            revenueAccounts.forEach((type, account) -> account(account, rule + ".revenue_accounts." + type));
            return new RuleSet(effectiveFrom, codes, revenueAccounts);
        }
    }

    record TaxCodeDocument(BigDecimal rate, @JsonProperty("payable_account") String payableAccount) {}

    /**
     * An account as the rules name it: present and not blank. An empty account would post lines
     * no ledger can take, so the rule naming it is refused when the file is loaded.
     */
    private static String account(String value, String field) {
        require(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": the account is empty");
        }
        return value;
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }
}
