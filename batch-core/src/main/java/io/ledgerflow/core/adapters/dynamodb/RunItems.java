package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.n;
import static io.ledgerflow.core.adapters.dynamodb.Attr.s;
import static io.ledgerflow.core.adapters.dynamodb.Attr.sOrNull;

import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.ControlTotal;
import io.ledgerflow.core.store.RunCompletion;
import io.ledgerflow.core.store.RunRecord;
import io.ledgerflow.core.store.RunStatus;
import io.ledgerflow.core.store.SummaryLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Run records, their completion and summary lines as items (see {@link Keys} for the keys). */
final class RunItems {

    private RunItems() {}

    static Map<String, AttributeValue> toItem(RunRecord run) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, s(Keys.dayPk(run.businessDate())));
        item.put(Keys.SK, s(Keys.runSk(run.runId())));
        item.put("type", s("RUN"));
        item.put("runId", s(run.runId()));
        item.put("businessDate", s(run.businessDate().toString()));
        item.put("status", s(run.status().name()));
        item.put("shards", n(run.shards()));
        item.put("ruleSet", s(run.ruleSetEffectiveFrom().toString()));
        item.put("requestedBy", s(run.requestedBy()));
        item.put("reason", s(run.reason()));
        item.put("startedAt", s(run.startedAt().toString()));
        if (run.previousRunId() != null) {
            item.put("previousRunId", s(run.previousRunId()));
        }
        if (run.finishedAt() != null) {
            item.put("finishedAt", s(run.finishedAt().toString()));
        }
        if (run.failure() != null) {
            item.put("failure", s(run.failure()));
        }
        if (run.inputDigest() != null) {
            item.put("inputDigest", s(run.inputDigest()));
        }
        return item;
    }

    static RunRecord fromItem(Map<String, AttributeValue> item) {
        String finishedAt = sOrNull(item, "finishedAt");
        return new RunRecord(
                s(item, "runId"),
                LocalDate.parse(s(item, "businessDate")),
                RunStatus.valueOf(s(item, "status")),
                sOrNull(item, "previousRunId"),
                (int) n(item, "shards"),
                LocalDate.parse(s(item, "ruleSet")),
                s(item, "requestedBy"),
                s(item, "reason"),
                Instant.parse(s(item, "startedAt")),
                finishedAt == null ? null : Instant.parse(finishedAt),
                item.containsKey("entries") ? completionOf(item) : null,
                sOrNull(item, "failure"),
                sOrNull(item, "inputDigest"));
    }

    /** Attribute set on a PURGED run once no late write of it can land any more (see sweepLeftovers). */
    static final String SWEPT_AT = "sweptAt";

    static boolean swept(Map<String, AttributeValue> runItem) {
        return runItem.containsKey(SWEPT_AT);
    }

    /** The attributes a publish sets on the run record. */
    static Map<String, AttributeValue> completionAttributes(RunCompletion completion) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put("linesRead", n(completion.linesRead()));
        values.put("linesPosted", n(completion.linesPosted()));
        values.put("linesQuarantined", n(completion.linesQuarantined()));
        values.put("entries", n(completion.entries()));
        List<AttributeValue> totals = new ArrayList<>();
        for (ControlTotal total : completion.controlTotals()) {
            totals.add(AttributeValue.fromM(Map.of(
                    "currency", s(total.currency().code()),
                    "minorDigits", n(total.currency().minorDigits()),
                    "debit", s(total.debit().toPlainString()),
                    "credit", s(total.credit().toPlainString()))));
        }
        values.put("controlTotals", AttributeValue.fromL(totals));
        return values;
    }

    private static RunCompletion completionOf(Map<String, AttributeValue> item) {
        List<ControlTotal> totals = new ArrayList<>();
        for (AttributeValue value : item.get("controlTotals").l()) {
            Map<String, AttributeValue> m = value.m();
            CurrencyUnit currency = new CurrencyUnit(s(m, "currency"), (int) n(m, "minorDigits"));
            totals.add(new ControlTotal(currency,
                    Money.of(currency, new BigDecimal(s(m, "debit"))), Money.of(currency, new BigDecimal(s(m, "credit")))));
        }
        return new RunCompletion(n(item, "linesRead"), n(item, "linesPosted"), n(item, "linesQuarantined"),
                n(item, "entries"), totals);
    }

    static Map<String, AttributeValue> summaryItem(LocalDate date, String runId, SummaryLine line) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, s(Keys.dayPk(date)));
        item.put(Keys.SK, s(Keys.summarySk(runId, line.currency().code() + "#" + line.account() + "#"
                + line.department() + "#" + line.taxCode())));
        item.put("type", s("SUMMARY"));
        item.put("runId", s(runId));
        item.put("account", s(line.account()));
        item.put("department", s(line.department()));
        item.put("taxCode", s(line.taxCode()));
        item.put("currency", s(line.currency().code()));
        item.put("minorDigits", n(line.currency().minorDigits()));
        item.put("debit", s(line.debit().toPlainString()));
        item.put("credit", s(line.credit().toPlainString()));
        return item;
    }

    static SummaryLine summaryFromItem(Map<String, AttributeValue> item) {
        CurrencyUnit currency = new CurrencyUnit(s(item, "currency"), (int) n(item, "minorDigits"));
        return new SummaryLine(s(item, "account"), s(item, "department"), s(item, "taxCode"), currency,
                Money.of(currency, new BigDecimal(s(item, "debit"))), Money.of(currency, new BigDecimal(s(item, "credit"))));
    }
}
