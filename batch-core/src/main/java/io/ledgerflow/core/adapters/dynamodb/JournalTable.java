package io.ledgerflow.core.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The journal table's schema: string hash key {@code pk}, string range key {@code sk}, on-demand
 * billing, no indexes (every read is a key query; see {@link Keys}). In AWS the SAM template
 * creates it; locally {@link #createIfAbsent} does, on first use.
 */
public final class JournalTable {

    /** The table name of the embedded default (the SAM template names the AWS one). */
    public static final String DEFAULT_NAME = "ledgerflow-journal";

    private JournalTable() {}

    /** Creates the table unless it exists, and waits until it is active. */
    public static void createIfAbsent(DynamoDbClient client, String tableName) {
        try {
            client.describeTable(r -> r.tableName(tableName));
            return;
        } catch (ResourceNotFoundException absent) {
            // create it below
        }
        try {
            client.createTable(r -> r.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(Keys.PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(Keys.SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(Keys.PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(Keys.SK).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException createdMeanwhile) {
            // another process created it between our describe and create: fine
        }
        client.waiter().waitUntilTableExists(r -> r.tableName(tableName));
    }
}
