package io.ledgerflow.core.adapters.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Step Functions' wire protocol (AWS JSON 1.0: {@code POST /}, {@code X-Amz-Target:
 * AWSStepFunctions.OPERATION}), signed with the AWS SDK's SigV4 signer and sent with its Apache
 * HTTP client. It stands in for the SDK's generated {@code SfnClient}, which the registry this
 * project builds from does not serve; the operations ledgerflow calls are few and their shapes
 * are AWS's documented JSON. Errors come back as {@link StepFunctionsException}s named by {@code __type}.
 *
 * <p>One method per operation, named as {@code SfnClient}'s are, so that the template tests' scan
 * of the deployed sources ({@code SdkCalls}) sees each call and its IAM action. Used by the
 * {@code ledgerflow-start-day} function and by the CLI's {@code --target aws}.
 */
public final class StepFunctionsClient implements AutoCloseable {

    /** Where ledgerflow is deployed when nothing says otherwise (the operators are in Japan). */
    public static final String DEFAULT_REGION = "ap-northeast-1";

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

    /**
     * A client with the SDK's default credential chain.
     *
     * @param endpoint null for the region's public endpoint
     * @param region   null for the SDK's default chain (AWS_REGION, profile...), else {@value #DEFAULT_REGION}
     */
    public static StepFunctionsClient create(URI endpoint, String region) {
        String resolved = region != null ? region : defaultRegion();
        URI uri = endpoint != null ? endpoint : URI.create("https://states." + resolved + ".amazonaws.com");
        return new StepFunctionsClient(uri, resolved, DefaultCredentialsProvider.builder().build());
    }

    /** The SDK's region chain (AWS_REGION, the profile...), else {@value #DEFAULT_REGION}. */
    static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException none) {
            return DEFAULT_REGION;
        }
    }

    public StepFunctionsClient(URI endpoint, String region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = ApacheHttpClient.builder().maxConnections(4).connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * StartExecution; returns {@code executionArn} and {@code startDate}. A running execution of
     * that name with the same input is returned as is (AWS's idempotency).
     *
     * @throws StepFunctionsException.ExecutionAlreadyExists when the name is taken by a closed execution or another input
     */
    public JsonNode startExecution(String stateMachineArn, String name, String input) {
        return call("StartExecution", JsonNodeFactory.instance.objectNode().put("stateMachineArn", stateMachineArn)
                .put("name", name).put("input", input));
    }

    /**
     * DescribeExecution: status, input and output (JSON texts), error, cause, dates in epoch seconds.
     *
     * @throws StepFunctionsException.ExecutionDoesNotExist when no execution has that ARN
     */
    public JsonNode describeExecution(String executionArn) {
        return call("DescribeExecution", JsonNodeFactory.instance.objectNode().put("executionArn", executionArn));
    }

    /** RedriveExecution: resumes a failed execution from its failed state. */
    public JsonNode redriveExecution(String executionArn) {
        return call("RedriveExecution", JsonNodeFactory.instance.objectNode().put("executionArn", executionArn));
    }

    /** ListExecutions: one page, newest first; {@code nextToken} null for the first page. */
    public JsonNode listExecutions(String stateMachineArn, int maxResults, String nextToken) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("stateMachineArn", stateMachineArn)
                .put("maxResults", maxResults);
        if (nextToken != null) {
            request.put("nextToken", nextToken);
        }
        return call("ListExecutions", request);
    }

    /** ListMapRuns: the first page of the Distributed Map runs an execution started. */
    public JsonNode listMapRuns(String executionArn, int maxResults) {
        return call("ListMapRuns", JsonNodeFactory.instance.objectNode().put("executionArn", executionArn)
                .put("maxResults", maxResults));
    }

    /** ListExecutions of a map run's child executions with {@code statusFilter} (FAILED, ...): the first page. */
    public JsonNode listMapRunExecutions(String mapRunArn, String statusFilter, int maxResults) {
        return call("ListExecutions", JsonNodeFactory.instance.objectNode().put("mapRunArn", mapRunArn)
                .put("statusFilter", statusFilter).put("maxResults", maxResults));
    }

    /** The execution ARN of {@code name} on the state machine {@code stateMachineArn} (as Step Functions forms it). */
    /** A timestamp of Step Functions' JSON protocol (epoch seconds with a fraction); null when absent. */
    public static Instant timestamp(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return null;
        }
        BigDecimal s = seconds.decimalValue();
        long whole = s.longValue();
        return Instant.ofEpochSecond(whole, s.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
    }

    public static String executionArn(String stateMachineArn, String name) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
    }

    /** Calls {@code operation} with {@code request}; returns the response object. */
    private JsonNode call(String operation, ObjectNode request) {
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
                throw StepFunctionsException.of(type, message);
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
