package io.ledgerflow.cli.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Step Functions' wire protocol (AWS JSON 1.0: {@code POST /}, {@code X-Amz-Target:
 * AWSStepFunctions.OPERATION}), signed with the AWS SDK's SigV4 signer and sent with its Apache
 * HTTP client. It stands in for the SDK's generated {@code SfnClient}, which the registry this
 * project builds from does not serve; the operations ledgerflow calls are few and their shapes
 * are AWS's documented JSON. Errors come back as {@link TargetException}s named by {@code __type}.
 */
final class StepFunctionsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String SIGNING_NAME = "states";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** Attempts per call for throttling and server errors, with capped exponential backoff and full jitter. */
    private static final int ATTEMPTS_MAX = 4;
    private static final long BACKOFF_MILLIS_BASE = 200;
    private static final long BACKOFF_MILLIS_MAX = 5_000;
    private static final Set<String> RETRYABLE = Set.of("ThrottlingException", "ServiceUnavailable", "InternalFailure");

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    StepFunctionsClient(URI endpoint, String region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = ApacheHttpClient.builder().maxConnections(4).connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT).build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Calls {@code operation} with {@code request}; returns the response object. */
    JsonNode call(String operation, ObjectNode request) {
        byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            Response response = send(operation, body);
            if (response.status() / 100 == 2) {
                return response.body();
            }
            String type = errorType(response);
            String message = response.body().path("message").asText(response.body().path("Message").asText(""));
            boolean retryable = RETRYABLE.contains(type) || response.status() >= 500;
            if (!retryable || attempt == ATTEMPTS_MAX) {
                throw error(type, message);
            }
            sleep(attempt);
        }
    }

    private Response send(String operation, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", "AWSStepFunctions." + operation)
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            JsonNode parsed = JSON.createObjectNode();
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    byte[] bytes = in.readAllBytes();
                    if (bytes.length > 0) {
                        parsed = JSON.readTree(bytes);
                    }
                }
            }
            return new Response(response.httpResponse().statusCode(), parsed,
                    response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("Step Functions at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /** {@code __type} may carry a namespace ({@code com.amazonaws...#Name}) and the header a suffix ({@code Name:http://...}). */
    private static String errorType(Response response) {
        String type = response.body().path("__type").asText(null);
        if (type == null && response.errorTypeHeader() != null) {
            type = response.errorTypeHeader();
        }
        if (type == null) {
            return response.status() >= 500 ? "InternalFailure" : "HTTP " + response.status();
        }
        type = type.substring(type.lastIndexOf('#') + 1);
        int colon = type.indexOf(':');
        return colon >= 0 ? type.substring(0, colon) : type;
    }

    private static TargetException error(String type, String message) {
        return switch (type) {
            case "ExecutionAlreadyExists" -> new TargetException.ExecutionAlreadyExists(message);
            case "ExecutionDoesNotExist" -> new TargetException.ExecutionDoesNotExist(message);
            case "StateMachineDoesNotExist" -> new TargetException.StateMachineDoesNotExist(message);
            case "ExecutionNotRedrivable" -> new TargetException.ExecutionNotRedrivable(message);
            case "InvalidName" -> new TargetException.InvalidName(message);
            case "InvalidArn" -> new TargetException.InvalidArn(message);
            case "InvalidExecutionInput" -> new TargetException.InvalidExecutionInput(message);
            default -> new TargetException.ServiceError(type, message);
        };
    }

    private static void sleep(int attempt) {
        long cap = Math.min(BACKOFF_MILLIS_MAX, BACKOFF_MILLIS_BASE << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a Step Functions call", e);
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            if (credentials instanceof AutoCloseable closeable) {
                try {
                    closeable.close(); // the default chain may hold refreshing providers (SSO, container)
                } catch (Exception e) {
                    // closing is best effort; nothing was written through it
                }
            }
        }
    }

    private record Response(int status, JsonNode body, String errorTypeHeader) {}
}
