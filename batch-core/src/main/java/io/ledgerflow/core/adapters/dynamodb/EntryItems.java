package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.n;
import static io.ledgerflow.core.adapters.dynamodb.Attr.s;
import static io.ledgerflow.core.adapters.dynamodb.Attr.sOrNull;

import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalLine;
import io.ledgerflow.core.journal.LineKind;
import io.ledgerflow.core.journal.Side;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.EntryTooLargeException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A journal entry as one self-describing item: entry fields at the top, lines as a list of maps.
 * Amounts are decimal strings at the currency's minor digits (never a binary float), so what is
 * read back is exactly what was written.
 */
final class EntryItems {

    static final String TYPE_ENTRY = "ENTRY";
    /** DynamoDB's item limit is 400 KB; stay below it with room for attribute overhead. */
    static final int ITEM_BYTES_MAX = 380_000;

    private EntryItems() {}

    static Map<String, AttributeValue> toItem(JournalEntry entry, String runId, int shard) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, s(Keys.entryPk(entry.businessDate(), shard)));
        item.put(Keys.SK, s(Keys.entrySk(runId, entry.invoiceId())));
        item.put("type", s(TYPE_ENTRY));
        item.put("runId", s(runId));
        item.put("entryId", s(entry.entryId()));
        item.put("businessDate", s(entry.businessDate().toString()));
        item.put("invoiceId", s(entry.invoiceId()));
        item.put("department", s(entry.department()));
        item.put("currency", s(entry.currency().code()));
        item.put("minorDigits", n(entry.currency().minorDigits()));
        item.put("ruleSet", s(entry.ruleSetEffectiveFrom().toString()));
        List<AttributeValue> lines = new ArrayList<>(entry.lines().size());
        long bytes = 200;
        for (JournalLine line : entry.lines()) {
            Map<String, AttributeValue> map = lineMap(line);
            bytes += 60 + line.account().length() + line.amount().toPlainString().length()
                    + (line.billingId() == null ? 0 : line.billingId().length());
            lines.add(AttributeValue.fromM(map));
        }
        if (bytes > ITEM_BYTES_MAX) {
            throw new EntryTooLargeException("entry " + entry.entryId() + " has " + entry.lines().size()
                    + " lines, about " + bytes + " bytes; one item holds at most " + ITEM_BYTES_MAX);
        }
        item.put("lines", AttributeValue.fromL(lines));
        return item;
    }

    private static Map<String, AttributeValue> lineMap(JournalLine line) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("lineNo", n(line.lineNo()));
        map.put("kind", s(line.kind().name()));
        map.put("account", s(line.account()));
        map.put("side", s(line.side().name()));
        map.put("amount", s(line.amount().toPlainString()));
        if (line.taxCode() != null) {
            map.put("taxCode", s(line.taxCode()));
        }
        if (line.billingId() != null) {
            map.put("billingId", s(line.billingId()));
        }
        return map;
    }

    /** The entry an item holds; the entry's constructor re-checks that it balances. */
    static JournalEntry fromItem(Map<String, AttributeValue> item) {
        CurrencyUnit currency = new CurrencyUnit(s(item, "currency"), (int) n(item, "minorDigits"));
        AttributeValue linesValue = item.get("lines");
        if (linesValue == null || !linesValue.hasL()) {
            throw new IllegalStateException("entry item " + item.get(Keys.SK) + " has no lines");
        }
        List<JournalLine> lines = new ArrayList<>(linesValue.l().size());
        for (AttributeValue value : linesValue.l()) {
            Map<String, AttributeValue> map = value.m();
            lines.add(new JournalLine(
                    (int) n(map, "lineNo"),
                    LineKind.valueOf(s(map, "kind")),
                    s(map, "account"),
                    sOrNull(map, "taxCode"),
                    Side.valueOf(s(map, "side")),
                    Money.of(currency, new BigDecimal(s(map, "amount"))),
                    sOrNull(map, "billingId")));
        }
        lines.sort((a, b) -> Integer.compare(a.lineNo(), b.lineNo()));
        return new JournalEntry(
                s(item, "entryId"),
                LocalDate.parse(s(item, "businessDate")),
                s(item, "invoiceId"),
                s(item, "department"),
                currency,
                LocalDate.parse(s(item, "ruleSet")),
                lines);
    }
}
