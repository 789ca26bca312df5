package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.n;
import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.SummaryLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A run's summary lines packed into a few page items under the day's key ({@code SUM#{runId}#P#{page}}),
 * as {@link EntryPages} packs entries: a day has a thousand or more summary lines (account x
 * department x tax code x currency), and publishing them one small item each was most of
 * Finalize's time on DynamoDB Local. The lines are sorted ({@link SummaryLine#ORDER}) and cut at
 * {@link EntryPages#PAGE_BODY_BYTES_MAX} encoded bytes, so the same summary always makes the same
 * pages; a retried publish overwrites them with themselves. Reads also accept the one-line
 * {@code type=SUMMARY} items of stores written before.
 */
final class SummaryPages {

    static final String TYPE_PAGE = "SUMMARY_PAGE";
    static final String FORMAT = "json-gzip-1";
    static final String COUNT = "lineCount";

    private static final JsonFactory JSON = new JsonFactory();

    private SummaryPages() {}

    static List<Map<String, AttributeValue>> toItems(LocalDate date, String runId, List<SummaryLine> summary) {
        List<SummaryLine> sorted = new ArrayList<>(summary);
        sorted.sort(SummaryLine.ORDER);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int lines = 0;
        for (SummaryLine line : sorted) {
            byte[] encoded = encode(line);
            if (lines > 0 && body.size() + 1 + encoded.length + 1 > EntryPages.PAGE_BODY_BYTES_MAX) {
                items.add(item(date, runId, items.size(), lines, body));
                body.reset();
                lines = 0;
            }
            body.write(lines == 0 ? '[' : ',');
            body.writeBytes(encoded);
            lines++;
        }
        if (lines > 0) {
            items.add(item(date, runId, items.size(), lines, body));
        }
        return items;
    }

    private static Map<String, AttributeValue> item(LocalDate date, String runId, int page, int lines,
            ByteArrayOutputStream body) {
        body.write(']');
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, s(Keys.dayPk(date)));
        item.put(Keys.SK, s(Keys.summarySk(runId, String.format("P#%04d", page))));
        item.put("type", s(TYPE_PAGE));
        item.put("runId", s(runId));
        item.put(COUNT, n(lines));
        item.put("format", s(FORMAT));
        item.put(EntryPages.BODY, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(EntryPages.gzip(body.toByteArray()))));
        return item;
    }

    /** The lines a summary page (or a one-line summary item) holds; the page's count is checked. */
    static List<SummaryLine> linesOf(Map<String, AttributeValue> item) {
        if ("SUMMARY".equals(s(item, "type"))) {
            return List.of(RunItems.summaryFromItem(item));
        }
        if (!FORMAT.equals(s(item, "format"))) {
            throw new IllegalStateException("summary page " + item.get(Keys.SK).s() + " has format " + s(item, "format"));
        }
        List<SummaryLine> lines = decode(EntryPages.gunzip(item.get(EntryPages.BODY).b().asByteArrayUnsafe()));
        if (lines.size() != n(item, COUNT)) {
            throw new InvariantViolationException("summary page " + item.get(Keys.PK).s() + "/" + item.get(Keys.SK).s()
                    + " holds " + lines.size() + " lines, its count says " + n(item, COUNT));
        }
        return lines;
    }

    /** [currency, minorDigits, account, department, taxCode, debit, credit]; amounts as decimal strings. */
    static byte[] encode(SummaryLine line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            json.writeString(line.currency().code());
            json.writeNumber(line.currency().minorDigits());
            json.writeString(line.account());
            json.writeString(line.department());
            json.writeString(line.taxCode());
            json.writeString(line.debit().toPlainString());
            json.writeString(line.credit().toPlainString());
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static List<SummaryLine> decode(byte[] body) {
        List<SummaryLine> lines = new ArrayList<>();
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("summary page body is not an array");
            }
            while (json.nextToken() == JsonToken.START_ARRAY) {
                String code = string(json);
                json.nextToken();
                CurrencyUnit currency = new CurrencyUnit(code, json.getIntValue());
                String account = string(json);
                String department = string(json);
                String taxCode = string(json);
                Money debit = Money.of(currency, new BigDecimal(string(json)));
                Money credit = Money.of(currency, new BigDecimal(string(json)));
                if (json.nextToken() != JsonToken.END_ARRAY) {
                    throw new IllegalStateException("summary page: a line has more than 7 fields");
                }
                lines.add(new SummaryLine(account, department, taxCode, currency, debit, credit));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static String string(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.VALUE_STRING) {
            throw new IllegalStateException("summary page: expected a string at " + json.currentLocation());
        }
        return json.getText();
    }
}
