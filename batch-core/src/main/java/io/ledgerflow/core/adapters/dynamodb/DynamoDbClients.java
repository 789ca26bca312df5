package io.ledgerflow.core.adapters.dynamodb;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds DynamoDB clients with every option that matters set here, not left to SDK defaults:
 * the Apache HTTP client with a pool as large as the write concurrency, timeouts, and the SDK's
 * STANDARD retry mode (the store adds its own bounded retries for unprocessed batch items).
 */
public final class DynamoDbClients {

    /** Region the local engine is addressed with; DynamoDB Local ignores it (run with -sharedDb). */
    public static final String LOCAL_REGION = "ap-northeast-1";
    /** DynamoDB Local accepts any credentials; these are placeholders, never real ones. */
    public static final String LOCAL_ACCESS_KEY = "local";
    public static final String LOCAL_SECRET_KEY = "local";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private DynamoDbClients() {}

    /** A client for DynamoDB Local at {@code endpoint}, with dummy credentials. */
    public static DynamoDbClient local(URI endpoint, int connectionsMax) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(LOCAL_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY)))
                .httpClientBuilder(httpClient(connectionsMax))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(CALL_TIMEOUT))
                .build();
    }

    /** A client for DynamoDB in AWS, credentials from the environment (a Lambda's role). */
    public static DynamoDbClient aws(Region region, int connectionsMax) {
        return DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(httpClient(connectionsMax))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(CALL_TIMEOUT))
                .build();
    }

    private static ApacheHttpClient.Builder httpClient(int connectionsMax) {
        return ApacheHttpClient.builder()
                .maxConnections(connectionsMax)
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT);
    }
}
