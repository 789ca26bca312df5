package io.ledgerflow.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.billing.RejectReason;
import io.ledgerflow.core.rules.NoRuleSetException;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalizerTest {

    static final Rules RULES = RulesLoader.load(Path.of("../fixtures/rules.yaml"));
    static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    static final String HEADER = "billing_id,invoice_id,business_date,site_code,customer_code,billing_type,tax_code,"
            + "quantity,unit_price,currency\n";

    static JournalRun run(String lines) {
        byte[] bytes = (HEADER + lines).getBytes(StandardCharsets.UTF_8);
        try (BillingCsvReader reader = BillingCsvReader.open(new ByteArrayInputStream(bytes), "t.csv", StandardCharsets.UTF_8)) {
            return Journalizer.journalize(RULES, DATE, reader);
        }
    }

    static List<JournalEntry> post(JournalRun run) {
        List<JournalEntry> entries = new ArrayList<>();
        run.post(entries::add);
        return entries;
    }

    @Test
    void tax_isRoundedOncePerInvoicePerRate() {
        JournalRun run = run("""
                B1,I1,2026-11-20,S,C,FREIGHT,S10,1,105,JPY
                B2,I1,2026-11-20,S,C,FREIGHT,S10,1,105,JPY
                B3,I1,2026-11-20,S,C,FREIGHT,S10,1,105,JPY
                """);
        JournalEntry entry = post(run).getFirst();
        JournalLine tax = entry.lines().getLast();
        assertThat(tax.kind()).isEqualTo(LineKind.TAX);
        assertThat(tax.amount().toPlainString()).isEqualTo("31"); // 31.5 down; per line it would be 3 x 10 = 30
    }

    @Test
    void badLine_quarantinesItsWholeInvoice_evenWhenItComesLast() {
        JournalRun run = run("""
                B1,I1,2026-11-20,S,C,FREIGHT,S10,1,100,JPY
                B2,I2,2026-11-20,S,C,FREIGHT,S10,1,100,JPY
                B3,I1,2026-11-20,S,C,FREIGHT,XX,1,100,JPY
                """);
        List<JournalEntry> entries = post(run);
        assertThat(entries).extracting(JournalEntry::invoiceId).containsExactly("I2");
        assertThat(run.rejects()).extracting(Reject::lineNumber, Reject::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, RejectReason.INVOICE_HAS_REJECTED_LINE),
                org.assertj.core.groups.Tuple.tuple(4L, RejectReason.UNKNOWN_TAX_CODE));
    }

    @Test
    void duplicateBillingId_rejectsTheLaterLineOnly() {
        JournalRun run = run("""
                B1,I1,2026-11-20,S,C,FREIGHT,S10,1,100,JPY
                B1,I2,2026-11-20,S,C,FREIGHT,S10,1,100,JPY
                """);
        assertThat(post(run)).extracting(JournalEntry::invoiceId).containsExactly("I1");
        assertThat(run.rejects()).singleElement().extracting(Reject::reason).isEqualTo(RejectReason.DUPLICATE_BILLING_ID);
    }

    @Test
    void inconsistentInvoice_isJudgedAgainstTheFirstLineThatPassedTheChecks() {
        JournalRun run = run("""
                B1,I1,2026-11-20,S,C,FREIGHT,XX,1,100,JPY
                B2,I1,2026-11-20,S,D,FREIGHT,S10,1,100,JPY
                B3,I1,2026-11-20,S,C,FREIGHT,S10,1,100,USD
                """);
        assertThat(run.rejects()).extracting(Reject::reason).containsExactly(
                RejectReason.UNKNOWN_TAX_CODE, RejectReason.INVOICE_HAS_REJECTED_LINE, RejectReason.INCONSISTENT_INVOICE);
    }

    @Test
    void totals_reconcileReadPostedAndQuarantined_byCountAndAmount() {
        JournalRun run = run("""
                B1,I1,2026-11-20,S,C,FREIGHT,S10,2,100,JPY
                B2,I2,2026-11-20,S,C,FREIGHT,S10,1,50,JPY
                B3,I2,2026-11-20,S,C,NOPE,S10,1,7,JPY
                B4,I3,2026-11-20,S,C,FREIGHT,S10,x,7,JPY
                """);
        RunTotals totals = run.post(entry -> { });
        assertThat(totals.linesRead()).isEqualTo(4);
        assertThat(totals.linesPosted()).isEqualTo(1);
        assertThat(totals.linesQuarantined()).isEqualTo(3);
        assertThat(totals.unpricedRejects()).isEqualTo(1);
        CurrencyTotals jpy = totals.currencies().getFirst();
        assertThat(jpy.read().toPlainString()).isEqualTo("257");
        assertThat(jpy.posted().toPlainString()).isEqualTo("200");
        assertThat(jpy.quarantined().toPlainString()).isEqualTo("57");
        assertThat(jpy.debit()).isEqualTo(jpy.credit());
        assertThat(jpy.debit().toPlainString()).isEqualTo("220");
    }

    @Test
    void entries_comeInInvoiceIdOrder_whatever_theIdsLengthsAndSharedPrefixes() {
        // given ids that are prefixes of others, and ids equal in their first 27 characters
        String shared = "INV-TOKYO01-20261120-000000";
        List<String> ids = List.of(shared + "9", "B", shared + "10", "A-", "A", shared, "a", "Z_", "0", shared + "1");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            lines.append("B").append(i).append(',').append(ids.get(i)).append(",2026-11-20,S,C,FREIGHT,S10,1,100,JPY\n");
        }
        // when they are posted
        List<JournalEntry> entries = post(run(lines.toString()));
        // then in String order, as DESIGN sorts the journal
        assertThat(entries).extracting(JournalEntry::invoiceId).containsExactlyElementsOf(ids.stream().sorted().toList());
    }

    @Test
    void amounts_stayExact_whenTheirMinorUnitsLeaveLongsRange() {
        // given USD lines at the limits: 1,000,000,000 x 999,999,999.9999 is about 10^20 cents, past a long
        JournalRun run = run("""
                B1,I1,2026-11-20,S,C,FREIGHT,S10,1000000000,999999999.9999,USD
                B2,I1,2026-11-20,S,C,STORAGE,S10,-1000000000,0.0051,USD
                B3,I2,2026-11-20,S,C,FREIGHT,S10,1000000000,999999999.9999,USD
                B4,I2,2026-11-20,S,C,FREIGHT,XX,1,1,USD
                """);
        // when it is posted
        List<JournalEntry> entries = new ArrayList<>();
        RunTotals totals = run.post(entries::add);
        // then every amount is the exact BigDecimal calculation: HALF_UP per line, tax DOWN per invoice
        JournalEntry entry = entries.getFirst();
        assertThat(entry.lines()).extracting(line -> line.amount().toPlainString()).containsExactly(
                "1099999999994280000.00", // gross: net 999,999,999,994,800,000.00 + tax 99,999,999,999,480,000.00
                "999999999999900000.00", "5100000.00", "99999999999480000.00");
        assertThat(entry.totalDebit()).isEqualTo(entry.totalCredit());
        CurrencyTotals usd = totals.currencies().getFirst();
        assertThat(usd.read().toPlainString()).isEqualTo("1999999999994700001.00");
        assertThat(usd.quarantined().toPlainString()).isEqualTo("999999999999900001.00");
        assertThat(run.rejects()).extracting(reject -> reject.amount().toPlainString())
                .containsExactly("999999999999900000.00", "1.00");
    }

    @Test
    void rejectThreshold_isAStrictPercentageOfLinesRead() {
        JournalRun run = run("""
                B1,I1,2026-11-20,S,C,FREIGHT,S10,1,100,JPY
                B2,I2,2026-11-20,S,C,FREIGHT,S10,0,100,JPY
                """);
        assertThat(run.exceedsRejectThreshold(new BigDecimal("50"))).isFalse();
        assertThat(run.exceedsRejectThreshold(new BigDecimal("49.99"))).isTrue();
    }

    @Test
    void dateBeforeEveryRuleSet_isRefused() {
        assertThatThrownBy(() -> new Journalizer(RULES, LocalDate.of(2020, 1, 1), null))
                .isInstanceOf(NoRuleSetException.class)
                .hasMessageContaining("no rule set is in force on 2020-01-01");
    }
}
