package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.n;
import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalLine;
import io.ledgerflow.core.journal.LineKind;
import io.ledgerflow.core.journal.Side;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.EntryTooLargeException;
import io.ledgerflow.core.store.WrittenItem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A run's journal entries packed into page items, many entries an item (README-store.md, "Why
 * pages"). One {@code writeEntries} call's entries are grouped by shard, sorted by invoice id and
 * cut into pages of at most {@link #PAGE_BODY_BYTES_MAX} encoded bytes and
 * {@link DynamoDbStoreSettings#pageEntriesMax()} entries; a page's key is its run and its first invoice id, so the same call (a retried worker)
 * makes the same pages under the same keys and overwrites them with themselves. The entries are a
 * compact JSON array (amounts as decimal strings, exactly as written), gzipped into one binary
 * attribute; the page's entry count is a plain number beside it, so a run's entries are counted
 * without decoding them, and every decode checks the count again.
 *
 * <p>Reads also accept the one-entry items ({@code type=ENTRY}, {@link EntryItems}) that stores
 * written before pages hold.
 */
final class EntryPages {

    static final String TYPE_PAGE = "ENTRY_PAGE";
    /** The body's encoding: a JSON array of entries, gzipped. Named in the item so it can change later. */
    static final String FORMAT = "json-gzip-1";
    /** Encoded, uncompressed bytes of one page's entries, at most; an entry larger than that gets a page of its own. */
    static final int PAGE_BODY_BYTES_MAX = 256 * 1024;
    /** The compressed body and the other attributes must stay below DynamoDB's 400 KB item limit. */
    static final int ITEM_BYTES_MAX = EntryItems.ITEM_BYTES_MAX;

    static final String COUNT = "entryCount";
    static final String BODY = "body";

    private static final JsonFactory JSON = new JsonFactory();

    private EntryPages() {}

    /** One page: its shard, the entries it holds (by invoice id) and their encoded body, uncompressed. */
    record Page(int shard, List<JournalEntry> entries, byte[] body) {
        String firstInvoiceId() {
            return entries.getFirst().invoiceId();
        }
    }

    /**
     * The page items of one call's entries. Throws {@link IllegalArgumentException} for an entry of
     * another day or an invoice twice, {@link EntryTooLargeException} for an entry that does not
     * fit one item alone, before anything is written.
     */
    static List<Map<String, AttributeValue>> toItems(LocalDate date, String runId, int shards, int pageEntriesMax,
            List<JournalEntry> entries) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Page page : paginate(date, shards, pageEntriesMax, entries)) {
            items.add(toItem(date, runId, page));
        }
        return items;
    }

    /** Groups by shard, sorts by invoice id and cuts pages: the same entries always make the same pages. */
    static List<Page> paginate(LocalDate date, int shards, int pageEntriesMax, List<JournalEntry> entries) {
        Map<Integer, List<JournalEntry>> byShard = new TreeMap<>();
        Set<String> invoices = new HashSet<>();
        for (JournalEntry entry : entries) {
            if (!entry.businessDate().equals(date)) {
                throw new IllegalArgumentException("entry " + entry.entryId() + " is not of " + date);
            }
            if (!invoices.add(entry.invoiceId())) {
                throw new IllegalArgumentException("invoice " + entry.invoiceId() + " appears twice in one write");
            }
            byShard.computeIfAbsent(Keys.shardOf(entry.invoiceId(), shards), s -> new ArrayList<>()).add(entry);
        }
        List<Page> pages = new ArrayList<>();
        for (Map.Entry<Integer, List<JournalEntry>> shard : byShard.entrySet()) {
            List<JournalEntry> sorted = shard.getValue();
            sorted.sort(Comparator.comparing(JournalEntry::invoiceId));
            cut(shard.getKey(), sorted, pageEntriesMax, pages);
        }
        return pages;
    }

    private static void cut(int shard, List<JournalEntry> sorted, int pageEntriesMax, List<Page> pages) {
        List<JournalEntry> current = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (JournalEntry entry : sorted) {
            byte[] encoded = encode(entry);
            boolean full = current.size() == pageEntriesMax
                    || body.size() + 1 + encoded.length + 1 > PAGE_BODY_BYTES_MAX;
            if (!current.isEmpty() && full) {
                pages.add(new Page(shard, List.copyOf(current), close(body)));
                current.clear();
                body.reset();
            }
            body.write(current.isEmpty() ? '[' : ',');
            body.writeBytes(encoded);
            current.add(entry);
        }
        if (!current.isEmpty()) {
            pages.add(new Page(shard, List.copyOf(current), close(body)));
        }
    }

    private static byte[] close(ByteArrayOutputStream body) {
        body.write(']');
        return body.toByteArray();
    }

    static Map<String, AttributeValue> toItem(LocalDate date, String runId, Page page) {
        byte[] compressed = gzip(page.body());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, s(Keys.entryPk(date, page.shard())));
        item.put(Keys.SK, s(Keys.pageSk(runId, page.firstInvoiceId())));
        item.put("type", s(TYPE_PAGE));
        item.put("runId", s(runId));
        item.put("businessDate", s(date.toString()));
        item.put("firstInvoiceId", s(page.firstInvoiceId()));
        item.put("lastInvoiceId", s(page.entries().getLast().invoiceId()));
        item.put(COUNT, n(page.entries().size()));
        item.put("format", s(FORMAT));
        item.put(BODY, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(compressed)));
        item.put(ItemDigest.ATTRIBUTE, s(ItemDigest.of(item)));
        long bytes = itemBytes(item);
        if (bytes > ITEM_BYTES_MAX) {
            // only a page of one entry gets here: a page of several holds at most PAGE_BODY_BYTES_MAX encoded
            JournalEntry entry = page.entries().getFirst();
            throw new EntryTooLargeException("entry " + entry.entryId() + " has " + entry.lines().size()
                    + " lines, " + bytes + " bytes as an item (" + page.body().length
                    + " encoded, compressed alone in its page); one item holds at most " + ITEM_BYTES_MAX);
        }
        return item;
    }

    /** An item's size as DynamoDB counts it for its 400 KB limit and its write units ({@link ItemBytes}). */
    static long itemBytes(Map<String, AttributeValue> item) {
        return ItemBytes.of(item);
    }

    /** Write units of one put of the item: one per started KB (DynamoDB's on-demand pricing). */
    static long writeUnits(Map<String, AttributeValue> item) {
        return ItemBytes.writeUnits(item);
    }

    /** What identifies a written page in its writer's receipt: shard, key, count, digest. */
    static WrittenItem written(Map<String, AttributeValue> item) {
        String pk = s(item, Keys.PK);
        int shard = Integer.parseInt(pk.substring(pk.lastIndexOf('#') + 1));
        return new WrittenItem(shard, s(item, Keys.SK), countOf(item), s(item, ItemDigest.ATTRIBUTE));
    }

    /** Entries an item holds by its count attribute (a page's count, 1 for a one-entry item), not decoded. */
    static long countOf(Map<String, AttributeValue> item) {
        AttributeValue type = item.get("type");
        if (type != null && TYPE_PAGE.equals(type.s())) {
            return n(item, COUNT);
        }
        if (type != null && EntryItems.TYPE_ENTRY.equals(type.s())) {
            return 1;
        }
        throw new IllegalStateException("item " + item.get(Keys.PK) + "/" + item.get(Keys.SK) + " is no journal entry item");
    }

    /** The entries a page item (or a one-entry item) holds; the page's count and invoice range are checked. */
    static List<JournalEntry> entriesOf(Map<String, AttributeValue> item) {
        if (EntryItems.TYPE_ENTRY.equals(s(item, "type"))) {
            return List.of(EntryItems.fromItem(item));
        }
        if (!FORMAT.equals(s(item, "format"))) {
            throw new IllegalStateException("page " + item.get(Keys.PK).s() + "/" + item.get(Keys.SK).s()
                    + " has format " + s(item, "format") + "; this code reads " + FORMAT);
        }
        LocalDate date = LocalDate.parse(s(item, "businessDate"));
        List<JournalEntry> entries = decode(date, gunzip(item.get(BODY).b().asByteArrayUnsafe()));
        String where = "page " + item.get(Keys.PK).s() + "/" + item.get(Keys.SK).s();
        if (entries.size() != n(item, COUNT)) {
            throw new InvariantViolationException(where + " holds " + entries.size() + " entries, its count says "
                    + n(item, COUNT));
        }
        if (!entries.getFirst().invoiceId().equals(s(item, "firstInvoiceId"))
                || !entries.getLast().invoiceId().equals(s(item, "lastInvoiceId"))) {
            throw new InvariantViolationException(where + " holds invoices " + entries.getFirst().invoiceId() + ".."
                    + entries.getLast().invoiceId() + ", its item says " + s(item, "firstInvoiceId") + ".."
                    + s(item, "lastInvoiceId"));
        }
        return entries;
    }

    // ---- the body: [entry, ...], entry = [invoiceId, department, currency, minorDigits, ruleSet, [line, ...]],
    //      line = [lineNo, kind, account, taxCode|null, side, amount, billingId|null]; the entry id is
    //      {businessDate}:{invoiceId} (JournalEntry checks it), the date is the page's.

    static byte[] encode(JournalEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 64 * entry.lines().size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            json.writeString(entry.invoiceId());
            json.writeString(entry.department());
            json.writeString(entry.currency().code());
            json.writeNumber(entry.currency().minorDigits());
            json.writeString(entry.ruleSetEffectiveFrom().toString());
            json.writeStartArray();
            for (JournalLine line : entry.lines()) {
                json.writeStartArray();
                json.writeNumber(line.lineNo());
                json.writeString(line.kind().name());
                json.writeString(line.account());
                json.writeString(line.taxCode());
                json.writeString(line.side().name());
                json.writeString(line.amount().toPlainString());
                json.writeString(line.billingId());
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static List<JournalEntry> decode(LocalDate date, byte[] body) {
        List<JournalEntry> entries = new ArrayList<>();
        try (JsonParser json = JSON.createParser(body)) {
            expect(json, JsonToken.START_ARRAY);
            while (json.nextToken() == JsonToken.START_ARRAY) {
                entries.add(entry(date, json));
            }
            if (json.currentToken() != JsonToken.END_ARRAY || json.nextToken() != null) {
                throw new IllegalStateException("page body does not end after its entries");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static JournalEntry entry(LocalDate date, JsonParser json) throws IOException {
        String invoiceId = string(json);
        String department = string(json);
        String currencyCode = string(json);
        expect(json, JsonToken.VALUE_NUMBER_INT);
        CurrencyUnit currency = new CurrencyUnit(currencyCode, json.getIntValue());
        LocalDate ruleSet = LocalDate.parse(string(json));
        expect(json, JsonToken.START_ARRAY);
        List<JournalLine> lines = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_ARRAY) {
            expect(json, JsonToken.VALUE_NUMBER_INT);
            int lineNo = json.getIntValue();
            LineKind kind = LineKind.valueOf(string(json));
            String account = string(json);
            String taxCode = stringOrNull(json);
            Side side = Side.valueOf(string(json));
            Money amount = Money.of(currency, new BigDecimal(string(json)));
            String billingId = stringOrNull(json);
            expect(json, JsonToken.END_ARRAY);
            lines.add(new JournalLine(lineNo, kind, account, taxCode, side, amount, billingId));
        }
        expect(json, JsonToken.END_ARRAY);
        lines.sort(Comparator.comparingInt(JournalLine::lineNo));
        return new JournalEntry(JournalEntry.entryIdOf(date, invoiceId), date, invoiceId, department, currency,
                ruleSet, lines);
    }

    private static void expect(JsonParser json, JsonToken token) throws IOException {
        JsonToken actual = json.nextToken();
        if (actual != token) {
            throw new IllegalStateException("page body: expected " + token + " at " + json.currentLocation()
                    + ", found " + actual);
        }
    }

    private static String string(JsonParser json) throws IOException {
        expect(json, JsonToken.VALUE_STRING);
        return json.getText();
    }

    private static String stringOrNull(JsonParser json) throws IOException {
        JsonToken token = json.nextToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new IllegalStateException("page body: expected a string or null, found " + token);
        }
        return json.getText();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8_192)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decoded bytes of one page body, at most: well above any page this code writes (a guard, not a format limit). */
    static final int BODY_DECODED_BYTES_MAX = 64 * 1024 * 1024;

    static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 8_192)) {
            byte[] body = in.readNBytes(BODY_DECODED_BYTES_MAX + 1);
            if (body.length > BODY_DECODED_BYTES_MAX) {
                throw new IllegalStateException("a page body decodes to more than " + BODY_DECODED_BYTES_MAX + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
