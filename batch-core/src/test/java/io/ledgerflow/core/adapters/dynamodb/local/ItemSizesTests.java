package io.ledgerflow.core.adapters.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Item sizes as DynamoDB counts them, checked byte for byte against DynamoDB Local: an item of
 * exactly 400 KB by our count is accepted, one byte more is refused. The engine enforces the limit
 * by its own count, so the two counts agree exactly on every shape tried.
 */
class ItemSizesTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedDynamoDb engine;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        engine = EmbeddedDynamoDb.startInMemory();
        try (var client = engine.newClient(2)) {
            JournalTable.createIfAbsent(client, "sizes");
        }
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"s\":{\"S\":\"abc\"}}",
        "{\"s\":{\"S\":\"\"}}",
        "{\"\u540d\u524d\":{\"S\":\"\u3042\ud83d\ude00\u00e9\"}}",
        "{\"n\":{\"N\":\"0\"}}",
        "{\"n\":{\"N\":\"7\"}}",
        "{\"n\":{\"N\":\"12\"}}",
        "{\"n\":{\"N\":\"123\"}}",
        "{\"n\":{\"N\":\"-123\"}}",
        "{\"n\":{\"N\":\"100000\"}}",
        "{\"n\":{\"N\":\"1.5\"}}",
        "{\"n\":{\"N\":\"0.005\"}}",
        "{\"n\":{\"N\":\"-0.5\"}}",
        "{\"n\":{\"N\":\"123.456\"}}",
        "{\"n\":{\"N\":\"1E-5\"}}",
        "{\"n\":{\"N\":\"1.2e10\"}}",
        "{\"n\":{\"N\":\"12345678901234567890123456789012345678\"}}",
        "{\"n\":{\"N\":\"-1.234567890123456789012345678901234567\"}}",
        "{\"b\":{\"B\":\"AQID\"}}",
        "{\"b\":{\"B\":\"AQIDBA==\"}}",
        "{\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true}}",
        "{\"l\":{\"L\":[]},\"m\":{\"M\":{}}}",
        "{\"l\":{\"L\":[{\"S\":\"a\"},{\"N\":\"12\"},{\"M\":{\"k\":{\"S\":\"v\"},\"kk\":{\"L\":[{\"BOOL\":false}]}}}]}}",
        "{\"ss\":{\"SS\":[\"a\",\"bc\"]},\"ns\":{\"NS\":[\"1\",\"-12.5\"]},\"bs\":{\"BS\":[\"AQID\",\"AQ==\"]}}",
        "{\"lines\":{\"L\":[{\"M\":{\"lineNo\":{\"N\":\"1\"},\"account\":{\"S\":\"1130\"},\"side\":{\"S\":\"DEBIT\"},\"amount\":{\"S\":\"13200\"}}}]}}"
    })
    void itemBytes_equalTheEnginesCount_atTheItemSizeLimit(String attributes) throws IOException, InterruptedException {
        // given an item padded so that, by our count, it is exactly 400 KB
        ObjectNode item = (ObjectNode) JSON.readTree(attributes);
        item.putObject("pk").put("S", "size-test");
        item.putObject("sk").put("S", "1");
        item.putObject("pad").put("S", "");
        long unpadded = ItemSizes.itemBytes(item);
        String pad = "x".repeat((int) (DynamoDbLimits.ITEM_BYTES_MAX - unpadded));
        item.putObject("pad").put("S", pad);
        assertThat(ItemSizes.itemBytes(item)).isEqualTo(DynamoDbLimits.ITEM_BYTES_MAX);

        // when it is put as it is, and with one byte more
        HttpResponse<String> atLimit = put(item);
        item.putObject("pad").put("S", pad + "x");
        HttpResponse<String> overLimit = put(item);

        // then the engine takes the first and refuses the second
        assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(200);
        assertThat(overLimit.statusCode()).isEqualTo(400);
        assertThat(overLimit.body()).contains("ValidationException").contains("Item size has exceeded the maximum allowed size");
    }

    @ParameterizedTest
    @CsvSource({"0,1", "1,2", "99,2", "100,2", "123,3", "1234,3", "12345,4", "-1,3", "1.5,3", "0.5,2", "0.05,2",
        "12.5,3", "1.25,3", "1e10,2", "1E-5,2", "123.456,5", "0.1234567,5", "1.0,2", "-0.5,3"})
    void numberBytes_countDigitPairsAlignedOnTheDecimalPoint(String number, long bytes) {
        assertThat(ItemSizes.numberBytes(number)).isEqualTo(bytes);
    }

    @Test
    void units_arePerStartedKbForWrites_andPerStarted4KbForReads() {
        assertThat(ItemSizes.writeUnits(0)).isEqualTo(1);
        assertThat(ItemSizes.writeUnits(1024)).isEqualTo(1);
        assertThat(ItemSizes.writeUnits(1025)).isEqualTo(2);
        assertThat(ItemSizes.writeUnits(DynamoDbLimits.ITEM_BYTES_MAX)).isEqualTo(400);
        assertThat(ItemSizes.readUnits(4096, true)).isEqualTo(1.0);
        assertThat(ItemSizes.readUnits(4097, true)).isEqualTo(2.0);
        assertThat(ItemSizes.readUnits(4097, false)).isEqualTo(1.0);
        assertThat(ItemSizes.readUnits(10, false)).isEqualTo(0.5);
    }

    private static HttpResponse<String> put(JsonNode item) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("TableName", "sizes");
        request.set("Item", item);
        return HTTP.send(HttpRequest.newBuilder(URI.create(engine.endpoint().toString()))
                .header("X-Amz-Target", "DynamoDB_20120810.PutItem")
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20261120/ap-northeast-1/dynamodb/aws4_request,"
                        + " SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
