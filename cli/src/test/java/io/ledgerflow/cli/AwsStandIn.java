package io.ledgerflow.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An AWS control-plane endpoint played by a local HTTP server, for the edges nothing local plays
 * (STS, CloudFormation, a Step Functions answer a test chooses). A request with {@code X-Amz-Target}
 * (the JSON 1.0 protocol) goes to {@code json}, any other (the query protocol, a form) to {@code
 * query}; each answers as AWS documents. While it runs, the SDK's default chain reads test
 * credentials from system properties, so no credentials of the machine are used.
 */
final class AwsStandIn implements AutoCloseable {

    /** What the stand-in sends back. */
    record Answer(int status, String contentType, String body) {
        static Answer json(String body) {
            return new Answer(200, "application/x-amz-json-1.0", body);
        }

        static Answer xml(int status, String body) {
            return new Answer(status, "text/xml", body);
        }
    }

    /** Answers a JSON 1.0 request: its {@code X-Amz-Target} and body. */
    interface JsonProtocol {
        Answer answer(String target, String body) throws IOException;
    }

    /** Answers a query-protocol request: its form, and its {@code Authorization} header (null when absent). */
    interface QueryProtocol {
        Answer answer(Map<String, String> form, String authorization) throws IOException;
    }

    private final HttpServer server;

    private AwsStandIn(HttpServer server) {
        this.server = server;
    }

    static AwsStandIn start(JsonProtocol json, QueryProtocol query) throws IOException {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Answer answer = target != null
                    ? json.answer(target, body)
                    : query.answer(form(body), exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new AwsStandIn(server);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
