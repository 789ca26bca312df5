package io.ledgerflow.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerflow.core.adapters.postgres.LedgerDatabaseSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The AWS Parameters and Secrets Lambda Extension as the embedded runtime's functions meet it: an
 * HTTP endpoint on localhost ({@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}) answering
 * {@code GET /secretsmanager/get?secretId=ID} with Secrets Manager's GetSecretValue response, and
 * refusing a request whose {@code X-Aws-Parameters-Secrets-Token} header is not the function's
 * {@code AWS_SESSION_TOKEN} (the extension's documented check). It serves one secret: the ledger
 * database's credentials, in the shape the template's secret holds ({@code jdbcUrl},
 * {@code username}, {@code password}), under each id the template gives it (the export's
 * login and the schema owner's, one embedded superuser locally).
 */
final class LocalSecretsExtension implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private LocalSecretsExtension(HttpServer server) {
        this.server = server;
    }

    /**
     * @param secretArns the ledger database's secrets as the template resolves them locally (their names are accepted too)
     * @param token     the session token every function of this home is given
     */
    static LocalSecretsExtension start(java.util.Set<String> secretArns, String token, Supplier<LedgerDatabaseSettings> database) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/secretsmanager/get", exchange -> answer(exchange, secretArns, token, database));
            server.start();
            return new LocalSecretsExtension(server);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the local secrets extension", e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, java.util.Set<String> secretArns, String token,
                               Supplier<LedgerDatabaseSettings> database) throws IOException {
        try (exchange) {
            if (!token.equals(exchange.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"))) {
                send(exchange, 401, "not authorized: X-Aws-Parameters-Secrets-Token is not this function's AWS_SESSION_TOKEN");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            String id = query == null || !query.startsWith("secretId=") ? ""
                    : URLDecoder.decode(query.substring("secretId=".length()), StandardCharsets.UTF_8);
            String secretArn = secretArns.stream().filter(arn -> id.equals(arn) || id.equals(arn.substring(arn.lastIndexOf(':') + 1)))
                    .findFirst().orElse(null);
            if (secretArn == null) {
                send(exchange, 400, "ResourceNotFoundException: Secrets Manager can't find the specified secret: " + id);
                return;
            }
            LedgerDatabaseSettings settings;
            try {
                settings = database.get();
            } catch (RuntimeException e) {
                send(exchange, 500, "the ledger database is unavailable: " + e.getMessage());
                return;
            }
            ObjectNode secret = JSON.createObjectNode().put("jdbcUrl", settings.jdbcUrl())
                    .put("username", settings.user()).put("password", settings.password());
            ObjectNode response = JSON.createObjectNode().put("ARN", secretArn)
                    .put("Name", secretArn.substring(secretArn.lastIndexOf(':') + 1))
                    .put("SecretString", secret.toString()).put("VersionId", "local");
            response.putArray("VersionStages").add("AWSCURRENT");
            send(exchange, 200, response.toString());
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
