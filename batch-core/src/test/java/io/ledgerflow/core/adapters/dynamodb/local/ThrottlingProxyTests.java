package io.ledgerflow.core.adapters.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.adapters.dynamodb.testing.ManualNanoClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The limits proxy on a real DynamoDB Local, with small limits and a clock that moves only when a
 * test moves it, so that every throttle is exact: 10 write and 30 read units a second per
 * partition key, 40 write (or 120 read) units a second per table.
 */
class ThrottlingProxyTests {

    static final ManualNanoClock CLOCK = new ManualNanoClock();
    static final DynamoDbLimits SMALL = new DynamoDbLimits(10, 30, 40, 120, DynamoDbLimits.ITEM_BYTES_MAX, 1);

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = DynamoDbLocalExtension.withLimits(SMALL, CLOCK);

    @Test
    void putItem_overItsPartitionKeysWriteUnits_isThrottled_untilTheUnitsRefill(LocalDynamoDb dynamo) {
        // given a key that has spent its 10 write units (10 items of under 1 KB)
        String table = dynamo.freshTable();
        for (int i = 1; i <= 10; i++) {
            put(dynamo.client(), table, "A", i, 100);
        }

        // when / then the 11th write to it is throttled as DynamoDB throttles, and is not written
        assertThatThrownBy(() -> put(dynamo.client(), table, "A", 11, 100))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                    assertThat(e.getMessage()).contains("Throughput exceeds the current capacity of your table or index");
                });
        assertThat(get(dynamo.engineClient(), table, "A", 11)).isEmpty();
        // another key has its own units
        put(dynamo.client(), table, "B", 1, 100);
        // a tenth of a second later one unit has come back
        CLOCK.advance(Duration.ofMillis(100));
        put(dynamo.client(), table, "A", 11, 100);
        assertThat(get(dynamo.engineClient(), table, "A", 11)).isNotEmpty();
    }

    @Test
    void batchWriteItem_writesTheItemsWithinBudget_andReturnsTheRestAsUnprocessedItems(LocalDynamoDb dynamo) {
        // given 25 one-unit puts to one key, which has 10 units
        String table = dynamo.freshTable();
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            puts.add(putOf(item("A", i, 100)));
        }
        ThrottleCounts before = dynamo.throttleCounts();

        // when
        BatchWriteItemResponse response = dynamo.client().batchWriteItem(r -> r.requestItems(Map.of(table, puts)));

        // then the first 10 are written and the other 15 come back, as they were sent
        assertThat(response.unprocessedItems().get(table)).isEqualTo(puts.subList(10, 25));
        assertThat(response.consumedCapacity()).isEmpty(); // not asked for, not answered
        for (int i = 1; i <= 25; i++) {
            assertThat(get(dynamo.engineClient(), table, "A", i)).as("item " + i).hasSize(i <= 10 ? 3 : 0);
        }
        ThrottleCounts after = dynamo.throttleCounts();
        assertThat(after.partialBatches() - before.partialBatches()).isEqualTo(1);
        assertThat(after.unprocessedItems() - before.unprocessedItems()).isEqualTo(15);

        // and when nothing of a batch fits, the batch is throttled
        assertThatThrownBy(() -> dynamo.client().batchWriteItem(r -> r.requestItems(Map.of(table, puts.subList(10, 25)))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(dynamo.throttleCounts().throttledRequests()).isGreaterThan(after.throttledRequests());
    }

    @Test
    void tableUnits_throttleWritesSpreadOverManyKeys(LocalDynamoDb dynamo) {
        // given 25 puts of 2 units each (1.5 KB), each to its own key: 50 units, the table has 40
        String table = dynamo.freshTable();
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            puts.add(putOf(item("K" + i, 1, 1_500)));
        }

        // when
        BatchWriteItemResponse response = dynamo.client().batchWriteItem(r -> r.requestItems(Map.of(table, puts)));

        // then 20 fit in the table's budget, though every key had room
        assertThat(response.unprocessedItems().get(table)).hasSize(5).isEqualTo(puts.subList(20, 25));
    }

    @Test
    void writeUnits_countEveryStartedKilobyte(LocalDynamoDb dynamo) {
        // given a key with 10 units: a 3 KB item (3 units) three times leaves 1 unit
        String table = dynamo.freshTable();
        for (int i = 1; i <= 3; i++) {
            put(dynamo.client(), table, "A", i, 3_000);
        }

        // when / then a 1.1 KB item (2 units) does not fit, a small one does
        assertThatThrownBy(() -> put(dynamo.client(), table, "A", 4, 1_100))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        put(dynamo.client(), table, "A", 5, 10);
    }

    @Test
    void overwritingALargerItem_costsTheLargerSize(LocalDynamoDb dynamo) {
        // given a 5 KB item written past the limits
        String table = dynamo.freshTable();
        put(dynamo.engineClient(), table, "A", 1, 5_000);

        // when a small item replaces it (DynamoDB charges the larger of the two: 5 units, not 1)
        put(dynamo.client(), table, "A", 1, 10);

        // then 5 of the key's 10 units are gone: a 6-unit write does not fit, a 5-unit one does
        assertThatThrownBy(() -> put(dynamo.client(), table, "A", 2, 5_500))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        put(dynamo.client(), table, "A", 2, 4_500);
    }

    @Test
    void transactWriteItems_overBudget_isCancelledWithAThrottlingError_andWritesNothing(LocalDynamoDb dynamo) {
        // given a transaction of a 6 KB put to A (2 x 6 = 12 units; A has 10) and a small put to B
        String table = dynamo.freshTable();
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("A", 1, 6_000)).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("B", 1, 10)).build()).build());

        // when / then
        assertThatThrownBy(() -> dynamo.client().transactWriteItems(r -> r.transactItems(items)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                            .containsExactly("ThrottlingError", "None");
                    assertThat(e.cancellationReasons().get(0).message()).contains("Throughput exceeds the current capacity");
                });
        assertThat(get(dynamo.engineClient(), table, "A", 1)).isEmpty();
        assertThat(get(dynamo.engineClient(), table, "B", 1)).isEmpty();
        assertThat(dynamo.throttleCounts().cancelledTransactions()).isPositive();

        // and a transaction that fits (2 x 4 + 2 = 10 units on two keys) goes through
        dynamo.client().transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("A", 1, 4_000)).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("B", 1, 10)).build()).build()));
        assertThat(get(dynamo.engineClient(), table, "A", 1)).isNotEmpty();
    }

    @Test
    void reads_payForWhatTheyRead_andAreThrottledOverTheKeysReadUnits(LocalDynamoDb dynamo) {
        // given 20 items of 4 KB under one key, written past the limits
        String table = dynamo.freshTable();
        for (int i = 1; i <= 20; i++) {
            put(dynamo.engineClient(), table, "Q", i, 4_000);
        }

        // when a strongly consistent query reads them all: 20 of the key's 30 read units
        var query = dynamo.client().query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("Q"))));
        assertThat(query.count()).isEqualTo(20);
        assertThat(query.consumedCapacity()).isNull();

        // then 10 strongly consistent reads of one item fit, the 11th does not
        for (int i = 1; i <= 10; i++) {
            assertThat(get(dynamo.client(), table, "Q", i)).isNotEmpty();
        }
        assertThatThrownBy(() -> get(dynamo.client(), table, "Q", 11))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        // a second later the key can be read again
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(get(dynamo.client(), table, "Q", 11)).isNotEmpty();
    }

    @Test
    void consumedCapacity_isAnsweredOnlyWhenAsked(LocalDynamoDb dynamo) {
        String table = dynamo.freshTable();
        double unitsBefore = dynamo.throttleCounts().writeUnits();

        var quiet = dynamo.client().putItem(r -> r.tableName(table).item(item("C", 1, 10)));
        var asked = dynamo.client().putItem(r -> r.tableName(table).item(item("C", 2, 1_500))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));

        assertThat(quiet.consumedCapacity()).isNull();
        assertThat(asked.consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(dynamo.throttleCounts().writeUnits() - unitsBefore).isEqualTo(3.0); // counted either way
    }

    static Map<String, AttributeValue> item(String pk, int n, int bytes) {
        // pk + value, sk + value, "v" + value: the value is padded to make the item `bytes` long
        String sk = Integer.toString(n);
        int fixed = 2 + pk.length() + 2 + sk.length() + 1;
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk),
                "v", AttributeValue.fromS("v".repeat(Math.max(0, bytes - fixed))));
    }

    static WriteRequest putOf(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }

    static void put(DynamoDbClient client, String table, String pk, int n, int bytes) {
        client.putItem(r -> r.tableName(table).item(item(pk, n, bytes)));
    }

    static Map<String, AttributeValue> get(DynamoDbClient client, String table, String pk, int n) {
        return client.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(Integer.toString(n))))).item();
    }
}
