package io.ledgerflow.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RulesLoaderTest {

    private static Rules load(String yaml) {
        return RulesLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "r.yaml");
    }

    private static final String VALID = """
            company: "1000"
            currencies: { JPY: 0, USD: 2 }
            rounding: { line: HALF_UP, tax: DOWN }
            accounts: { receivable: "1130" }
            rule_sets:
              - effective_from: 2026-10-01
                tax_codes: { S10: { rate: "0.10", payable_account: "2195" } }
                revenue_accounts: { FREIGHT: "4115" }
              - effective_from: 2026-04-01
                tax_codes: { S10: { rate: "0.10", payable_account: "2191" }, ZR: { rate: "0" } }
                revenue_accounts: { FREIGHT: "4110" }
            """;

    @Test
    void ruleSet_withTheLatestEffectiveFromOnOrBeforeTheDate_applies() {
        Rules rules = load(VALID);
        assertThat(rules.ruleSetFor(LocalDate.of(2026, 9, 30)).orElseThrow().revenueAccount("FREIGHT")).isEqualTo("4110");
        assertThat(rules.ruleSetFor(LocalDate.of(2026, 10, 1)).orElseThrow().revenueAccount("FREIGHT")).isEqualTo("4115");
        assertThat(rules.ruleSetFor(LocalDate.of(2026, 3, 31))).isEmpty();
    }

    @Test
    void unknownRoundingMode_isNamed() {
        assertThatThrownBy(() -> load(VALID.replace("HALF_UP", "HALFUP")))
                .isInstanceOf(RulesFileException.class)
                .hasMessageContaining("r.yaml: rounding.line: 'HALFUP' is not a java.math.RoundingMode");
    }

    @Test
    void nonZeroRateWithoutPayableAccount_isRefused() {
        assertThatThrownBy(() -> load(VALID.replace(", payable_account: \"2195\"", "")))
                .isInstanceOf(RulesFileException.class)
                .hasMessageContaining("tax code S10: a non-zero rate needs a payable_account");
    }

    @Test
    void unknownKey_isRefusedWithItsLine() {
        assertThatThrownBy(() -> load(VALID.replace("company:", "compnay:")))
                .isInstanceOf(RulesFileException.class)
                .hasMessageContaining("compnay")
                .hasMessageContaining("line 1");
    }

    @Test
    void missingSection_isNamed() {
        assertThatThrownBy(() -> load("company: \"1\"\n"))
                .isInstanceOf(RulesFileException.class)
                .hasMessage("r.yaml: missing currencies");
    }

    @Test
    void emptyRevenueAccount_isRefusedNamingTheRule() {
        assertThatThrownBy(() -> load(VALID.replace("revenue_accounts: { FREIGHT: \"4110\" }",
                "revenue_accounts: { FREIGHT: \"4110\", STORAGE: \"\" }")))
                .isInstanceOf(RulesFileException.class)
                .hasMessage("r.yaml: rule_sets[2026-04-01].revenue_accounts.STORAGE: the account is empty");
    }

    @Test
    void blankPayableAccount_isRefusedNamingTheRule() {
        assertThatThrownBy(() -> load(VALID.replace("ZR: { rate: \"0\" }", "ZR: { rate: \"0\", payable_account: \" \" }")))
                .isInstanceOf(RulesFileException.class)
                .hasMessage("r.yaml: rule_sets[2026-04-01].tax_codes.ZR.payable_account: the account is empty");
    }

    @Test
    void emptyReceivableAccount_isRefusedNamingIt() {
        assertThatThrownBy(() -> load(VALID.replace("receivable: \"1130\"", "receivable: \"\"")))
                .isInstanceOf(RulesFileException.class)
                .hasMessage("r.yaml: accounts.receivable: the account is empty");
    }
}
