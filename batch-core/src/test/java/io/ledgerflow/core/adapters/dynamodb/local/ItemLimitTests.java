package io.ledgerflow.core.adapters.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The 400 KB item limit under {@link DynamoDbLimits#AWS}, answered by the proxy as DynamoDB answers it. */
class ItemLimitTests {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = DynamoDbLocalExtension.withLimits(DynamoDbLimits.AWS);

    @Test
    void anItemOf400Kb_isWritten_andOneByteMoreIsRefused(LocalDynamoDb dynamo) {
        String table = dynamo.freshTable();
        // "pk" + "A" + "sk" + "1" + "v" = 7 bytes besides the padding
        var atLimit = Map.of("pk", AttributeValue.fromS("A"), "sk", AttributeValue.fromS("1"),
                "v", AttributeValue.fromS("x".repeat(409_600 - 7)));
        var overLimit = Map.of("pk", AttributeValue.fromS("A"), "sk", AttributeValue.fromS("2"),
                "v", AttributeValue.fromS("x".repeat(409_600 - 6)));

        long refusedBefore = dynamo.throttleCounts().oversizedRequests();
        dynamo.client().putItem(r -> r.tableName(table).item(atLimit));
        assertThatThrownBy(() -> dynamo.client().putItem(r -> r.tableName(table).item(overLimit)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Item size has exceeded the maximum allowed size");
                });
        assertThat(dynamo.throttleCounts().oversizedRequests() - refusedBefore).isEqualTo(1);
        assertThat(dynamo.engineClient().scan(r -> r.tableName(table)).count()).isEqualTo(1);
    }

    @Test
    void aBatchWithOneItemOver400Kb_isRefusedWhole(LocalDynamoDb dynamo) {
        String table = dynamo.freshTable();
        List<WriteRequest> puts = List.of(
                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", AttributeValue.fromS("A"),
                        "sk", AttributeValue.fromS("small")))).build(),
                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", AttributeValue.fromS("A"),
                        "sk", AttributeValue.fromS("big"), "v", AttributeValue.fromS("x".repeat(409_600))))).build());

        assertThatThrownBy(() -> dynamo.client().batchWriteItem(r -> r.requestItems(Map.of(table, puts))))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(dynamo.engineClient().scan(r -> r.tableName(table)).count()).isZero();
    }
}
