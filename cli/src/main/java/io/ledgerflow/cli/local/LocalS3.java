package io.ledgerflow.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 endpoint over the embedded home's object folders: {@code s3://B/K} is the file
 * {@code {home}/s3/B/K}, the very file FileSystemObjectStore reads and writes, and a bucket is
 * a folder that exists under {@code {home}/s3}. Served by S3Proxy (jclouds' filesystem store),
 * which needs Jetty 11 while DynamoDB Local, on this class path, needs Jetty 12; so S3Proxy runs
 * in a class loader of its own, over the jars the build puts in {@value #JARS_FOLDER}/ beside the
 * CLI's jar (or classes directory), and is reached only through JDK types.
 *
 * <p>Requests must be signed (Signature V4) with the access key {@value #ACCESS_KEY} and secret
 * {@value #SECRET_KEY}, in any region; the port listens on the loopback address only.
 *
 * <p>S3Proxy sends no event notifications: {@link #onObjectCreated} tells listeners of each object
 * created over this endpoint once it is written whole (what S3 would send to EventBridge); a file
 * written into the folders directly is not an event.
 */
public final class LocalS3 implements AutoCloseable {

    /** The one access key S3Proxy accepts: the same placeholder DynamoDB Local is given. */
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";
    /** Any region signs; this one is what {@link #newClient} uses. */
    public static final Region REGION = Region.US_EAST_1;
    /** The folder beside the CLI's jar or classes that holds S3Proxy's jars. */
    public static final String JARS_FOLDER = "local-s3";
    static final String BUILD_COMMAND = "./mvnw -pl cli -am package";
    private static final String BOOTSTRAP = "io.ledgerflow.locals3.LocalS3Bootstrap";
    private static final String HOST = "127.0.0.1";

    /**
     * S3Proxy's class loader, one per jars folder for the life of the process: a command that
     * starts the endpoint again (each in-process command of a test run, each execution of
     * {@code local serve}'s day) finds S3Proxy's classes loaded and compiled instead of loading,
     * verifying and interpreting jclouds, Guice and Jetty anew (about 1.4 CPU-seconds a start).
     * Nothing of one server outlives its {@link #close}: jclouds and S3Proxy keep their state in
     * the context and server objects each start builds.
     */
    private static final Map<Path, URLClassLoader> LOADERS = new ConcurrentHashMap<>();

    private final AutoCloseable server;
    private final URI endpoint;
    private final List<Consumer<ObjectCreated>> listeners;
    private boolean closed;

    private LocalS3(AutoCloseable server, URI endpoint, List<Consumer<ObjectCreated>> listeners) {
        this.server = server;
        this.endpoint = endpoint;
        this.listeners = listeners;
    }

    /**
     * An object created over the endpoint, written whole.
     *
     * @param reason S3's name for the operation: PutObject, CopyObject or CompleteMultipartUpload
     */
    public record ObjectCreated(String bucket, String key, long size, String etag, String reason) {
    }

    /**
     * Serves {@code {home}/s3} (created if missing) on {@code port} of 127.0.0.1 (0: a free one,
     * see {@link #endpoint}).
     *
     * @throws IllegalStateException when the jars are not built, or S3Proxy does not start
     */
    public static LocalS3 start(Path home, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Path folder = jarsFolder();
        ClassLoader loader = LOADERS.computeIfAbsent(folder,
                f -> new URLClassLoader("local-s3", jarUrls(f), ClassLoader.getPlatformClassLoader()));
        List<Consumer<ObjectCreated>> listeners = new CopyOnWriteArrayList<>();
        Map.Entry<URI, AutoCloseable> started = bootstrap(loader, folder).apply(Map.of(
                "basedir", home.resolve("s3").toAbsolutePath().toString(),
                "host", HOST,
                "port", Integer.toString(port),
                "identity", ACCESS_KEY,
                "credential", SECRET_KEY), report -> tell(listeners, report));
        return new LocalS3(started.getValue(), started.getKey(), listeners);
    }

    /**
     * Serves {@code HOME/s3} until the process is stopped (SIGTERM or Ctrl-C), for scripts and
     * manual checks with the AWS CLI; prints {@code ready: ENDPOINT} once it answers. Usage:
     * {@code java -cp cli/target/ledgerflow.jar io.ledgerflow.cli.local.LocalS3 HOME [PORT]}.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LocalS3 HOME [PORT]   (PORT 0 or left out: a free one)");
            System.exit(2);
        }
        LocalS3 s3 = start(Path.of(args[0]), args.length == 2 ? Integer.parseInt(args[1]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "local-s3-stop"));
        System.out.println("ready: " + s3.endpoint());
        System.out.flush();
        Thread.currentThread().join(); // until the JVM is told to stop
    }

    /**
     * Tells {@code listener} of each object created from now on, on the request's thread before
     * the response is sent: it must return at once (hand the work to a thread of its own).
     *
     * @return what stops telling it
     */
    public Runnable onObjectCreated(Consumer<ObjectCreated> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private static void tell(List<Consumer<ObjectCreated>> listeners, Map<String, String> report) {
        ObjectCreated created = new ObjectCreated(report.get("bucket"), report.get("key"), Long.parseLong(report.get("size")),
                report.get("etag"), report.get("reason"));
        listeners.forEach(listener -> listener.accept(created));
    }

    /** {@code http://127.0.0.1:PORT}, the port the server actually listens on. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * A new client for this endpoint (the caller closes it): path-style addressing (the bucket
     * is the first path segment, not a host name), the fixed key, and the SDK's default
     * checksums, which S3Proxy checks (CRC32 in an aws-chunked trailer on upload).
     */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** The class loader S3Proxy runs in (shared by every start in this process). */
    ClassLoader serverClassLoader() {
        return server.getClass().getClassLoader();
    }

    /** Stops the server (its class loader stays, for the next start in this process). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("the S3 endpoint " + endpoint + " did not stop cleanly", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static BiFunction<Map<String, String>, Consumer<Map<String, String>>, Map.Entry<URI, AutoCloseable>> bootstrap(
            ClassLoader loader, Path folder) {
        try {
            return (BiFunction<Map<String, String>, Consumer<Map<String, String>>, Map.Entry<URI, AutoCloseable>>)
                    loader.loadClass(BOOTSTRAP).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the local S3 endpoint cannot load " + BOOTSTRAP + " from " + folder
                    + " (" + e + "); rebuild it with " + BUILD_COMMAND, e);
        }
    }

    /** {@value #JARS_FOLDER} beside this code: {@code cli/target/classes} or {@code cli/target/ledgerflow.jar}. */
    static Path jarsFolder() {
        try {
            Path code = Path.of(LocalS3.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.resolveSibling(JARS_FOLDER);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the CLI's jar", e);
        }
    }

    static URL[] jarUrls(Path folder) {
        List<Path> jars;
        try (Stream<Path> files = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (jars.stream().noneMatch(p -> p.getFileName().toString().equals(JARS_FOLDER + ".jar"))) {
            throw new IllegalStateException("the local S3 endpoint needs S3Proxy's jars in " + folder
                    + ", which " + (jars.isEmpty() ? "has none" : "lacks " + JARS_FOLDER + ".jar")
                    + ": build them with " + BUILD_COMMAND);
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("cannot load " + jars.get(i), e);
            }
        }
        return urls;
    }
}
