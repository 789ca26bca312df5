package io.ledgerflow.lambdas;

import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The SDK clients of a function, configured from its environment ({@link FunctionEnvironment})
 * and nothing else: the region from {@code AWS_REGION}; on AWS the default credentials chain
 * (environment, or the container endpoint that SnapStart uses); the SDK's standard
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables, which Lambda never sets and the embedded runtime sets
 * to its local engines. Passing them explicitly (instead of leaving the SDK to read the process
 * environment) is what lets one process host several functions, each with its own variables.
 */
final class AwsClients {

    static final String REGION_ENV = "AWS_REGION";
    static final String DYNAMODB_ENDPOINT_ENV = "AWS_ENDPOINT_URL_DYNAMODB";
    static final String S3_ENDPOINT_ENV = "AWS_ENDPOINT_URL_S3";
    static final String SFN_ENDPOINT_ENV = "AWS_ENDPOINT_URL_SFN";

    private AwsClients() {}

    static DynamoDbClient dynamoDb(Map<String, String> env) {
        var builder = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(credentials(env));
        region(env).ifPresent(builder::region);
        endpoint(env, DYNAMODB_ENDPOINT_ENV).ifPresent(builder::endpointOverride);
        DynamoDbClient client = builder.build();
        FunctionEnvironment.closeOnRelease(client);
        return client;
    }

    static S3Client s3(Map<String, String> env) {
        var builder = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder()).credentialsProvider(credentials(env));
        region(env).ifPresent(builder::region);
        endpoint(env, S3_ENDPOINT_ENV).ifPresent(uri -> builder.endpointOverride(uri)
                // The local S3-compatible server (S3Proxy) answers 501 to a session token header.
                .credentialsProvider(withoutSessionToken(credentials(env)))
                // A local S3-compatible server (S3Proxy) answers on one host name: path-style
                // addressing; it cannot decode the SDK's default CRC32 trailer (docs/aws.md), so only
                // the checksums S3 requires are sent.
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                // Bodies signed whole: S3Proxy decodes aws-chunked signing at half the speed (BENCHMARKS.md).
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        S3Client client = builder.build();
        FunctionEnvironment.closeOnRelease(client);
        return client;
    }

    /** The Step Functions endpoint when the environment names one (a local server), else null. */
    static URI stepFunctionsEndpoint(Map<String, String> env) {
        return endpoint(env, SFN_ENDPOINT_ENV).orElse(null);
    }

    static String regionName(Map<String, String> env) {
        return env.get(REGION_ENV);
    }

    private static java.util.Optional<Region> region(Map<String, String> env) {
        String region = env.get(REGION_ENV);
        return region == null || region.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Region.of(region));
    }

    private static java.util.Optional<URI> endpoint(Map<String, String> env, String service) {
        String value = env.getOrDefault(service, env.get("AWS_ENDPOINT_URL"));
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(URI.create(value));
    }

    private static AwsCredentialsProvider withoutSessionToken(AwsCredentialsProvider provider) {
        var resolved = provider.resolveCredentials();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(resolved.accessKeyId(), resolved.secretAccessKey()));
    }

    /**
     * On AWS (nothing bound): the default chain, which also refreshes SnapStart's credentials. In a
     * host that bound the function's variables: the keys those variables hold, as Lambda's runtime
     * puts the execution role's keys into the function's environment.
     */
    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        if (!FunctionEnvironment.isBound()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) {
            throw new IllegalStateException("the function's environment has no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, token));
    }
}
