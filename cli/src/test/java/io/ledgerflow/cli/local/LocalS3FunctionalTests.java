package io.ledgerflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.JournalTable;
import io.ledgerflow.core.adapters.dynamodb.local.EmbeddedDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.objectstore.ObjectNotFoundException;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectSummary;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * LocalS3 on a real S3Proxy, driven by the AWS SDK's S3 client, against the folders that
 * FileSystemObjectStore reads and writes: whatever one side writes, the other reads, byte for
 * byte, under {@code {home}/s3/<bucket>/<key>}.
 */
class LocalS3FunctionalTests {

    private static final String BUCKET = "ledgerflow-work";

    @TempDir
    static Path home;
    private static LocalS3 s3;
    private static S3Client client;
    private static FileSystemObjectStore files;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(home.resolve("s3").resolve(BUCKET));
        s3 = LocalS3.start(home, 0);
        client = s3.newClient();
        files = new FileSystemObjectStore(home.resolve("s3"));
    }

    @AfterAll
    static void stop() {
        client.close();
        s3.close();
    }

    @Test
    void endpoint_isTheLoopbackAddressAndThePortActuallyBound() {
        assertThat(s3.endpoint().getScheme()).isEqualTo("http");
        assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(s3.endpoint().getPort()).isBetween(1, 65_535);
    }

    @Test
    void putObject_writesTheFileThatFileSystemObjectStoreReads() throws Exception {
        byte[] content = randomBytes(50_000, 1);

        client.putObject(r -> r.bucket(BUCKET).key("put/2026-11-20/part-00001.json"), RequestBody.fromBytes(content));

        assertThat(home.resolve("s3/" + BUCKET + "/put/2026-11-20/part-00001.json")).hasBinaryContent(content);
        assertThat(files.get(BUCKET, "put/2026-11-20/part-00001.json")).isEqualTo(content);
        assertThat(files.list(BUCKET, "put/", null, 10)).extracting(ObjectSummary::key)
                .containsExactly("put/2026-11-20/part-00001.json");
    }

    @Test
    void getObject_readsTheFileThatFileSystemObjectStoreWrote() {
        byte[] content = "billing_id,invoice_id\nB1,I1\n".getBytes(StandardCharsets.UTF_8);
        files.put(BUCKET, "fs/2026-11-20/day.csv", content);

        byte[] read = client.getObjectAsBytes(r -> r.bucket(BUCKET).key("fs/2026-11-20/day.csv")).asByteArray();
        ObjectSummary written = files.list(BUCKET, "fs/", null, 10).getFirst();

        assertThat(read).isEqualTo(content);
        assertThat(new S3ObjectStore(client).list(BUCKET, "fs/", null, 10))
                .extracting(ObjectSummary::key, ObjectSummary::size, ObjectSummary::etag)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(written.key(), written.size(), written.etag()));
    }

    @Test
    void headAndGet_answerTheContentsMd5_afterFileSystemObjectStoreReplacedTheFileWithOneOfTheSameSize() throws Exception {
        // given a file written by the folder store (no jclouds MD5 on it), described once over S3
        byte[] first = randomBytes(100_000, 3);
        byte[] second = randomBytes(100_000, 4);
        files.put(BUCKET, "etag/day.csv", first);
        String before = client.headObject(r -> r.bucket(BUCKET).key("etag/day.csv")).eTag();

        // when the folder store replaces it with other bytes of the same size
        files.put(BUCKET, "etag/day.csv", second);
        String head = client.headObject(r -> r.bucket(BUCKET).key("etag/day.csv")).eTag();
        String get;
        try (var object = client.getObject(r -> r.bucket(BUCKET).key("etag/day.csv"))) {
            get = object.response().eTag();
        }

        // then each answer is the MD5 of the bytes there at the time, not a remembered one
        assertThat(before).isEqualTo("\"" + md5Hex(first) + "\"");
        assertThat(head).isEqualTo("\"" + md5Hex(second) + "\"");
        assertThat(get).isEqualTo(head);
    }

    private static String md5Hex(byte[] content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
    }

    @Test
    void getObject_answersNoSuchKey_whenNoFileHoldsTheKey() {
        assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket(BUCKET).key("missing/none.json")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> new S3ObjectStore(client).get(BUCKET, "missing/none.json"))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void listObjectsV2_pagesPastAThousandKeys_asFileSystemObjectStoreLists() throws Exception {
        // given 1,100 results in nested folders, written half by each side, plus keys around the prefix
        ObjectStore overS3 = new S3ObjectStore(client);
        List<String> results = IntStream.range(0, 1_100)
                .mapToObj(i -> String.format("list/run-1/results/%02d/part-%05d.json", i / 100, i)).toList();
        for (int i = 0; i < results.size(); i++) {
            (i % 2 == 0 ? files : overS3).put(BUCKET, results.get(i), ("{\"partition\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        files.put(BUCKET, "list/run-1/manifest.json", new byte[] {'{', '}'});
        files.put(BUCKET, "list/run-10/results/00/part-00000.json", new byte[] {'{', '}'});
        // and a write of FileSystemObjectStore caught half way (its temporary file, not yet renamed)
        Files.writeString(home.resolve("s3/" + BUCKET + "/list/run-1/results/03/.put-123.tmp"), "{\"partiti");

        // when listed through S3, page by page, as the SDK's paginator does
        List<ListObjectsV2Response> pages = client.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix("list/run-1/results/"))
                .stream().toList();

        // then every key once, in key order, in full pages; no folder shows up as a key
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).contents()).hasSize(1_000);
        assertThat(pages.get(0).isTruncated()).isTrue();
        assertThat(pages.get(1).isTruncated()).isFalse();
        assertThat(pages.stream().flatMap(p -> p.contents().stream()).map(S3Object::key)).containsExactlyElementsOf(results);
        // and the object-store port pages the same keys, sizes and ETags over S3 as over the folder
        for (String startAfter : new String[] {null, "list/run-1/results/04/part-00499.json", "list/run-1/results/10/part-01099.json"}) {
            assertThat(summaries(overS3.list(BUCKET, "list/run-1/", startAfter, ObjectStore.LIST_KEYS_MAX)))
                    .isEqualTo(summaries(files.list(BUCKET, "list/run-1/", startAfter, ObjectStore.LIST_KEYS_MAX)));
        }
        assertThat(overS3.list(BUCKET, "list/run-1/results/", "list/run-1/results/04/part-00499.json", 1_000))
                .extracting(ObjectSummary::key).hasSize(600).startsWith("list/run-1/results/05/part-00500.json");
    }

    @Test
    void putObject_isRefusedAndWritesNothing_whenTheSdkSendsItsDefaultChecksumTrailer() {
        // S3Proxy 3.0.0 cannot decode STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER (a signed
        // aws-chunked body with a CRC32 trailer, the SDK's default over http since 2.30); because
        // requests are signed, it refuses the upload instead of storing the chunk framing.
        try (S3Client defaults = client(LocalS3.SECRET_KEY)) {
            assertThatThrownBy(() -> defaults.putObject(r -> r.bucket(BUCKET).key("checksum/default.bin"),
                    RequestBody.fromBytes(randomBytes(1_000, 2))))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        }
        assertThat(home.resolve("s3/" + BUCKET + "/checksum/default.bin")).doesNotExist();
    }

    @Test
    void request_isRefused_whenSignedWithAnotherSecret() {
        try (S3Client stranger = client("not-the-secret")) {
            assertThatThrownBy(() -> stranger.listObjectsV2(r -> r.bucket(BUCKET)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void unsignedGet_isRefused_evenWhenTheFolderIsWorldReadable() throws Exception {
        files.put(BUCKET, "public/readme.txt", "readable by all on disk".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.getPosixFilePermissions(home.resolve("s3/" + BUCKET)))
                .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(s3.endpoint().resolve("/" + BUCKET + "/public/readme.txt")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void dynamoDbLocalAndLocalS3_serveAtOnce_inOneJvm() {
        // given DynamoDB Local (Jetty 12, on this class path) started beside LocalS3 (Jetty 11, in its own loader)
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startInMemory(); DynamoDbClient ddb = dynamo.newClient(4)) {
            JournalTable.createIfAbsent(ddb, "both-engines");
            // when each is written and read while the other runs
            ddb.putItem(r -> r.tableName("both-engines").item(Map.of(
                    "pk", AttributeValue.fromS("DAY#2026-11-20"), "sk", AttributeValue.fromS("s3"),
                    "key", AttributeValue.fromS("both/2026-11-20/day.csv"))));
            client.putObject(r -> r.bucket(BUCKET).key("both/2026-11-20/day.csv"), RequestBody.fromString("a,b\n"));

            // then both answer, and S3Proxy's classes stay out of the CLI's class loader
            String key = ddb.getItem(r -> r.tableName("both-engines").key(Map.of(
                    "pk", AttributeValue.fromS("DAY#2026-11-20"), "sk", AttributeValue.fromS("s3")))).item().get("key").s();
            assertThat(files.get(BUCKET, key)).asString(StandardCharsets.UTF_8).isEqualTo("a,b\n");
            assertThatThrownBy(() -> Class.forName("org.gaul.s3proxy.S3Proxy", false, LocalS3.class.getClassLoader()))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void close_stopsListening(@TempDir Path otherHome) throws Exception {
        LocalS3 other = LocalS3.start(otherHome, 0);
        java.net.URI endpoint = other.endpoint();

        other.close();
        other.close(); // a second close does nothing

        assertThat(otherHome.resolve("s3")).isDirectory();
        try (java.net.Socket socket = new java.net.Socket()) {
            assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 2_000))
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void aSecondStart_afterAClose_servesAgain_fromTheClassesTheFirstLoaded(@TempDir Path otherHome) throws Exception {
        // given an endpoint started and stopped in this process
        Files.createDirectories(otherHome.resolve("s3").resolve(BUCKET));
        LocalS3 first = LocalS3.start(otherHome, 0);
        ClassLoader loaded = first.serverClassLoader();
        first.close();

        // when it starts again on the same folder
        try (LocalS3 second = LocalS3.start(otherHome, 0); S3Client again = second.newClient()) {
            again.putObject(r -> r.bucket(BUCKET).key("again.txt"), RequestBody.fromString("again"));

            // then it serves, in S3Proxy's one class loader (not loaded and compiled anew), apart from the CLI's
            assertThat(again.getObjectAsBytes(r -> r.bucket(BUCKET).key("again.txt")).asUtf8String()).isEqualTo("again");
            assertThat(second.serverClassLoader()).isSameAs(loaded).isNotSameAs(LocalS3.class.getClassLoader());
        }
    }

    @Test
    void start_failsNamingThePort_whenItIsTaken(@TempDir Path otherHome) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalS3.start(otherHome, taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void start_failsNamingTheFolderAndTheBuildCommand_whenTheJarsAreMissing(@TempDir Path empty) {
        Path folder = empty.resolve(LocalS3.JARS_FOLDER);

        assertThatThrownBy(() -> LocalS3.jarUrls(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(folder.toString())
                .hasMessageContaining("./mvnw -pl cli -am package");
    }

    @Test
    void jarsFolder_isBesideTheCliClasses() {
        assertThat(LocalS3.jarsFolder()).isDirectory();
        assertThat(LocalS3.jarsFolder().resolve(LocalS3.JARS_FOLDER + ".jar")).isRegularFile();
    }

    /** A client with the SDK's defaults (checksums included) and the given secret. */
    private static S3Client client(String secret) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalS3.ACCESS_KEY, secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    private static List<String> summaries(List<ObjectSummary> page) {
        List<String> out = new ArrayList<>(page.size());
        for (ObjectSummary s : page) {
            out.add(s.key() + " " + s.size() + " " + s.etag());
        }
        return out;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
