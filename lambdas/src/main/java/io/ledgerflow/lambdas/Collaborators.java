package io.ledgerflow.lambdas;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.daily.DailyJournalService;
import io.ledgerflow.core.daily.DailyJournalService.ProgressListener;
import java.time.Clock;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the handlers work with, built once per Lambda sandbox from its environment (the AWS path),
 * or handed in by the embedded runtime and tests (the local path).
 */
public record Collaborators(DailyJournalService service, ProgressListener progress) {

    /** Environment variable naming the DynamoDB table (set by the SAM template). */
    public static final String TABLE_ENV = "LEDGERFLOW_TABLE";

    private static volatile Collaborators fromEnvironment;

    /** The AWS collaborators, built on first use and kept for the sandbox's life (SnapStart-friendly). */
    static Collaborators fromEnvironment() {
        Collaborators built = fromEnvironment;
        if (built == null) {
            synchronized (Collaborators.class) {
                if (fromEnvironment == null) {
                    fromEnvironment = build();
                }
                built = fromEnvironment;
            }
        }
        return built;
    }

    private static Collaborators build() {
        String table = System.getenv(TABLE_ENV);
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable " + TABLE_ENV + " is not set");
        }
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder()).build();
        S3Client s3 = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder()).build();
        var store = new DynamoDbJournalStore(dynamo, DynamoDbStoreSettings.defaults(table), Clock.systemUTC());
        return new Collaborators(new DailyJournalService(store, new S3ObjectStore(s3)), ProgressListener.NONE);
    }
}
