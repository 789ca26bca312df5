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
    /**
     * DynamoDB's item limit is 400 KB (409,600 bytes); entries are measured by DynamoDB's own
     * sizing rules ({@link #itemBytes}) and kept below this, which leaves room for a longer run id.
     */
    static final int ITEM_BYTES_MAX = 400_000;
    /** A run id as long as a Step Functions execution name may be (80), for {@link #fits}. */
    private static final String LONGEST_RUN_ID = "r".repeat(80);

    private EntryItems() {}

    /** Whether the entry fits in one item, whatever run (up to an 80-character id) and shard write it. */
    static boolean fits(JournalEntry entry) {
        // Every entry of a day is asked about: build and size the item only when a cheap bound
        // cannot already say it fits (building it was a seventh of a worker's CPU; BENCHMARKS.md).
        return bytesBound(entry) <= ITEM_BYTES_MAX || itemBytes(item(entry, LONGEST_RUN_ID, 999)) <= ITEM_BYTES_MAX;
    }

    /** Bytes of the item's attribute names and fixed values, and of a line's, at most (names ~90, ~45). */
    private static final int ENTRY_FIXED_BYTES_MAX = 512;
    private static final int LINE_FIXED_BYTES_MAX = 128;
    /** UTF-8 bytes per Java char, at most (a char of the BMP takes up to 3; a surrogate pair 4 for 2 chars). */
    private static final int UTF8_BYTES_PER_CHAR_MAX = 3;

    /**
     * At least {@link #itemBytes} of the entry's item under any run id up to 80 characters and
     * any shard, without building it: every string counted at 3 bytes a char, every attribute name
     * and small value (line number, kind, side, minor digits, dates, keys' fixed parts) within the
     * fixed allowances. {@code EntryItemsTest} checks the bound against the built item.
     */
    static long bytesBound(JournalEntry entry) {
        long chars = 2L * LONGEST_RUN_ID.length() + entry.entryId().length() + 2L * entry.invoiceId().length()
                + entry.department().length() + entry.currency().code().length();
        long bytes = ENTRY_FIXED_BYTES_MAX;
        for (JournalLine line : entry.lines()) {
            BigDecimal amount = line.amount().amount();
            chars += line.account().length() + amount.precision() + Math.abs((long) amount.scale()) + 3
                    + (line.taxCode() == null ? 0 : line.taxCode().length())
                    + (line.billingId() == null ? 0 : line.billingId().length());
            bytes += LINE_FIXED_BYTES_MAX;
        }
        return bytes + UTF8_BYTES_PER_CHAR_MAX * chars;
    }

    static Map<String, AttributeValue> toItem(JournalEntry entry, String runId, int shard) {
        Map<String, AttributeValue> item = item(entry, runId, shard);
        long bytes = itemBytes(item);
        if (bytes > ITEM_BYTES_MAX) {
            throw new EntryTooLargeException("entry " + entry.entryId() + " has " + entry.lines().size()
                    + " lines, " + bytes + " bytes as an item; one item holds at most " + ITEM_BYTES_MAX);
        }
        return item;
    }

    private static Map<String, AttributeValue> item(JournalEntry entry, String runId, int shard) {
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
        for (JournalLine line : entry.lines()) {
            lines.add(AttributeValue.fromM(lineMap(line)));
        }
        item.put("lines", AttributeValue.fromL(lines));
        return item;
    }

    /**
     * An item's size by DynamoDB's rules: attribute names and values in UTF-8, a number 1 byte per
     * two significant digits plus 1, a list or map 3 bytes plus 1 per element
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
     * Numbers are counted by all their digits, which never undercounts.
     */
    static long itemBytes(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            bytes += utf8(e.getKey()) + valueBytes(e.getValue());
        }
        return bytes;
    }

    private static long valueBytes(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return (value.n().length() + 1) / 2 + 1;
        }
        if (value.hasL()) {
            long bytes = 3;
            for (AttributeValue element : value.l()) {
                bytes += 1 + valueBytes(element);
            }
            return bytes;
        }
        if (value.hasM()) {
            return 3 + value.m().size() + itemBytes(value.m());
        }
        if (value.b() != null) {
            return value.b().asByteBuffer().remaining();
        }
        return 1; // null or boolean
    }

    private static long utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
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
