package io.ledgerflow.core.adapters.dynamodb;

import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.store.JournalStoreContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store contract on DynamoDB Local: a fresh table per test. */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbJournalStoreContractTests extends JournalStoreContract {

    @BeforeEach
    void fresh(LocalDynamoDb dynamo) {
        store = Stores.store(dynamo.client(), dynamo.freshTable());
    }
}
