package io.ledgerflow.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Reads the ledger database's secret through the AWS Parameters and Secrets Lambda Extension
 * (a layer the template adds; it caches the secret and serves it on localhost), so the function
 * needs no Secrets Manager SDK. The function still needs {@code secretsmanager:GetSecretValue}.
 *
 * <p>The extension authenticates the caller with {@code AWS_SESSION_TOKEN}, which Lambda sets only
 * for functions without SnapStart (a SnapStart function gets its credentials from the container
 * credentials endpoint instead): the functions that read a secret run without SnapStart
 * (workflows/template.yaml, docs/aws.md), and the template tests keep it so.
 */
final class LedgerSecret {

    /** The extension's default port ({@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}). */
    static final int DEFAULT_PORT = 2773;

    private LedgerSecret() {}

    static JsonNode read(Map<String, String> env, String secretId) {
        String port = env.getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(DEFAULT_PORT));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/secretsmanager/get?secretId="
                        + URLEncoder.encode(secretId, StandardCharsets.UTF_8)))
                .header("X-Aws-Parameters-Secrets-Token", env.getOrDefault("AWS_SESSION_TOKEN", ""))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("secret " + secretId + ": the secrets extension answered "
                        + response.statusCode() + ": " + response.body());
            }
            JsonNode envelope = JsonHandler.JSON.readTree(response.body());
            return JsonHandler.JSON.readTree(envelope.path("SecretString").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret " + secretId + " from the secrets extension", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading secret " + secretId, e);
        }
    }
}
