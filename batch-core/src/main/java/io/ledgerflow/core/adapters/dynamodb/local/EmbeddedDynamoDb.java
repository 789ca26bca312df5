package io.ledgerflow.core.adapters.dynamodb.local;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local (the real engine AWS ships, on SQLite) started inside this JVM on a free port,
 * either in memory (tests) or with its data under {@code {home}/dynamodb} (the embedded default,
 * so state survives between commands). Always {@code -sharedDb}: one database whatever the
 * credentials and region, so the AWS CLI with dummy credentials sees the same tables; and
 * {@code -disableTelemetry}: it must never call out.
 *
 * <p>DynamoDB Local 3.x has no bind-address option; its server listens on every interface. We
 * connect through the loopback address and document that the port is for this machine only.
 *
 * <p>With {@link DynamoDbLimits} (the embedded default takes them from {@value DynamoDbLimits#ENV}
 * or {@code -D}{@value DynamoDbLimits#PROPERTY}), the engine runs on a port of its own and a
 * {@link ThrottlingProxy} that enforces DynamoDB's throughput and item limits listens on the port
 * clients use: {@link #endpoint()} is the proxy's, so every client meets the limits.
 *
 * <p>This class needs the {@code DynamoDBLocal} dependency, which batch-core declares
 * {@code <optional>} so it never reaches the Lambda package; modules that run the embedded
 * default (cli) or test against it declare it themselves.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    /** Where sqlite4java looks for its native library. */
    public static final String NATIVE_LIBRARY_PROPERTY = "sqlite4java.library.path";
    /** Directory beside the jar (or classes directory) where the build copies the natives. */
    public static final String NATIVE_LIBS_DIR = "native-libs";

    private final DynamoDBProxyServer server;
    private final int port;
    private final Path dataDir;
    private final ThrottlingProxy proxy; // null: no limits, clients talk to the engine itself
    private boolean stopped;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port, Path dataDir, ThrottlingProxy proxy) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.proxy = proxy;
    }

    /** An engine whose tables live in memory and vanish on {@link #close}. */
    public static EmbeddedDynamoDb startInMemory() {
        return start(null, 0, null);
    }

    /** As above, behind DynamoDB's throughput and item limits. */
    public static EmbeddedDynamoDb startInMemory(DynamoDbLimits limits) {
        return start(null, 0, limits);
    }

    /** An engine whose tables are kept under {@code {home}/dynamodb}, on a free port. */
    public static EmbeddedDynamoDb startPersistent(Path home) {
        return startPersistent(home, 0);
    }

    /**
     * An engine whose tables are kept under {@code {home}/dynamodb}, on {@code port} (0: a free
     * one), behind the limits the environment asks for ({@link DynamoDbLimits#fromEnvironment()}).
     */
    public static EmbeddedDynamoDb startPersistent(Path home, int port) {
        return startPersistent(home, port, DynamoDbLimits.fromEnvironment().orElse(null));
    }

    /** As above with explicit limits (null: none). */
    public static EmbeddedDynamoDb startPersistent(Path home, int port, DynamoDbLimits limits) {
        Path dataDir = home.resolve("dynamodb").toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        return start(dataDir, port, limits);
    }

    private static EmbeddedDynamoDb start(Path dataDir, int requestedPort, DynamoDbLimits limits) {
        if (requestedPort < 0 || requestedPort > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + requestedPort);
        }
        ensureNativeLibraryPath();
        // Behind limits the requested port is the proxy's, and the engine takes a free one.
        int port = requestedPort == 0 || limits != null ? freeLoopbackPort() : requestedPort;
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            args.addAll(List.of("-dbPath", dataDir.toString()));
        }
        // DynamoDB Local prints a configuration banner on System.out while it starts; commands
        // such as `journal` write CSV to stdout, so hold the banner back and show it only if the
        // start fails. Nothing else of ours writes to stdout while an engine starts.
        DynamoDBProxyServer server = startEngine(args, port);
        if (limits == null) {
            return new EmbeddedDynamoDb(server, port, dataDir, null);
        }
        try {
            ThrottlingProxy proxy = ThrottlingProxy.start(URI.create("http://127.0.0.1:" + port), limits, System::nanoTime,
                    requestedPort);
            return new EmbeddedDynamoDb(server, port, dataDir, proxy);
        } catch (RuntimeException e) {
            stopQuietly(server, e);
            throw e;
        }
    }

    private static DynamoDBProxyServer startEngine(List<String> args, int port) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        synchronized (EmbeddedDynamoDb.class) {
            System.setOut(new PrintStream(banner, true, StandardCharsets.UTF_8));
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
                server.start();
                return server;
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e.getMessage()
                        + "\n" + banner.toString(StandardCharsets.UTF_8), e);
            } finally {
                System.setOut(stdout);
                // sqlite4java warns "unknown jar version" on stderr at first use (it finds its
                // library outside a versioned jar); the engine resets logging as it starts, so
                // quiet it after the start.
                SQLITE_LOG.setLevel(Level.OFF);
            }
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server, RuntimeException cause) {
        try {
            server.stop();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    /** Held so that the level set on it is not lost with a collected logger. */
    private static final Logger SQLITE_LOG = Logger.getLogger("com.almworks.sqlite4java");

    /** Where clients connect: the limits proxy when there are limits, else the engine. */
    public URI endpoint() {
        return proxy != null ? proxy.endpoint() : engineEndpoint();
    }

    /** The port of {@link #endpoint()}. */
    public int port() {
        return proxy != null ? proxy.port() : port;
    }

    /** The engine itself, past any limits (for tools that must not be throttled, and for tests). */
    public URI engineEndpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The limits clients meet; empty when there are none. */
    public Optional<DynamoDbLimits> limits() {
        return Optional.ofNullable(proxy).map(ThrottlingProxy::limits);
    }

    /** What the limits throttled so far; empty when there are none. */
    public Optional<ThrottleCounts> throttleCounts() {
        return Optional.ofNullable(proxy).map(ThrottlingProxy::counts);
    }

    /** Where the tables are kept; null in memory. */
    public Path dataDir() {
        return dataDir;
    }

    /** A new client for this engine (the caller closes it). */
    public DynamoDbClient newClient(int connectionsMax) {
        return DynamoDbClients.local(endpoint(), connectionsMax);
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (proxy != null) {
            proxy.close();
            // The benchmark scripts and operators read this line: what the limits cost the run.
            System.err.println("ledgerflow: DynamoDB limits: " + proxy.counts().summary());
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local on port " + port + " did not stop cleanly", e);
        }
    }

    /**
     * sqlite4java loads its native library from {@value #NATIVE_LIBRARY_PROPERTY}. If that is not
     * set, use the {@value #NATIVE_LIBS_DIR} directory the build puts beside this code's jar or
     * classes directory ({@code target/native-libs}).
     */
    static void ensureNativeLibraryPath() {
        if (System.getProperty(NATIVE_LIBRARY_PROPERTY) != null) {
            return;
        }
        Path beside = codeLocation().resolveSibling(NATIVE_LIBS_DIR);
        if (!Files.isDirectory(beside)) {
            throw new IllegalStateException("DynamoDB Local needs the sqlite4java native libraries: set -D"
                    + NATIVE_LIBRARY_PROPERTY + "=DIR, or build so that " + beside + " exists");
        }
        System.setProperty(NATIVE_LIBRARY_PROPERTY, beside.toString());
    }

    private static Path codeLocation() {
        try {
            return Path.of(EmbeddedDynamoDb.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate this code's jar", e);
        }
    }

    private static int freeLoopbackPort() {
        // The port is free when we ask; DynamoDB Local binds it a moment later. A clash is
        // possible but rare, and fails loudly in start().
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
