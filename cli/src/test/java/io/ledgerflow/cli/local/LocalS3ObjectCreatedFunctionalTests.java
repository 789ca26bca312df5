package io.ledgerflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.cli.local.LocalS3.ObjectCreated;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The objects LocalS3 reports as created, which {@code local serve} turns into S3's EventBridge
 * events: each object written whole over S3's API, once, when the write is complete; never a part
 * of a multipart upload, a refused write, or a file written into the folders directly.
 */
class LocalS3ObjectCreatedFunctionalTests {

    private static final String BUCKET = "ledgerflow-input";

    @TempDir
    static Path home;
    private static LocalS3 s3;
    private static S3Client client;
    /** What a listener saw: the report, and the file's size on disk when it was told. */
    private static final List<String> told = new CopyOnWriteArrayList<>();
    private static final List<ObjectCreated> created = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(home.resolve("s3").resolve(BUCKET));
        s3 = LocalS3.start(home, 0);
        client = s3.newClient();
        s3.onObjectCreated(o -> {
            created.add(o);
            told.add(o.key() + " on disk " + size(home.resolve("s3").resolve(o.bucket()).resolve(o.key())));
        });
    }

    @AfterAll
    static void stop() {
        client.close();
        s3.close();
    }

    @BeforeEach
    void forget() {
        told.clear();
        created.clear();
    }

    @Test
    void putObject_isReportedOnce_whenTheFileIsWhole_withItsSizeAndETag() throws Exception {
        byte[] content = randomBytes(300_000, 1);

        client.putObject(r -> r.bucket(BUCKET).key("daily/2026-11-20/day.csv"), RequestBody.fromBytes(content));

        assertThat(created).containsExactly(new ObjectCreated(BUCKET, "daily/2026-11-20/day.csv", 300_000, md5(content), "PutObject"));
        assertThat(told).as("the file was complete when the listener was told").containsExactly("daily/2026-11-20/day.csv on disk 300000");
    }

    @Test
    void aMultipartUpload_isReportedOnce_whenCompleted_andNotForItsParts() throws Exception {
        byte[] first = randomBytes(5 * 1024 * 1024, 2);
        byte[] last = randomBytes(1_000, 3);
        String key = "daily/2026-11-21/big.csv";
        String upload = client.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        parts.add(CompletedPart.builder().partNumber(1).eTag(client.uploadPart(r -> r.bucket(BUCKET).key(key).uploadId(upload)
                .partNumber(1), RequestBody.fromBytes(first)).eTag()).build());
        parts.add(CompletedPart.builder().partNumber(2).eTag(client.uploadPart(r -> r.bucket(BUCKET).key(key).uploadId(upload)
                .partNumber(2), RequestBody.fromBytes(last)).eTag()).build());
        assertThat(created).as("parts uploaded, nothing created yet").isEmpty();

        client.completeMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(upload).multipartUpload(m -> m.parts(parts)));

        assertThat(created).singleElement().satisfies(o -> {
            assertThat(o.key()).isEqualTo(key);
            assertThat(o.size()).isEqualTo(first.length + last.length);
            assertThat(o.reason()).isEqualTo("CompleteMultipartUpload");
        });
        assertThat(told).containsExactly(key + " on disk " + (first.length + last.length));
    }

    @Test
    void copyObject_isReportedAsCopyObject() {
        client.putObject(r -> r.bucket(BUCKET).key("copy/from.csv"), RequestBody.fromString("a,b\n"));
        created.clear();

        client.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy/from.csv").destinationBucket(BUCKET).destinationKey("copy/to.csv"));

        assertThat(created).extracting(ObjectCreated::key, ObjectCreated::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("copy/to.csv", "CopyObject"));
    }

    @Test
    void aRefusedPut_andAFileWrittenIntoTheFolder_areNotReported() {
        assertThatThrownBy(() -> client.putObject(r -> r.bucket("no-such-bucket").key("x.csv"), RequestBody.fromString("x")))
                .isInstanceOf(NoSuchBucketException.class);
        new FileSystemObjectStore(home.resolve("s3")).put(BUCKET, "daily/2026-11-22/direct.csv", new byte[] {1, 2, 3});

        assertThat(created).isEmpty();
    }

    @Test
    void aListenerThatStopped_isToldNothing() throws Exception {
        List<ObjectCreated> other = new CopyOnWriteArrayList<>();
        Runnable stop = s3.onObjectCreated(other::add);
        client.putObject(r -> r.bucket(BUCKET).key("listen/one.csv"), RequestBody.fromString("1"));

        stop.run();
        client.putObject(r -> r.bucket(BUCKET).key("listen/two.csv"), RequestBody.fromString("2"));

        assertThat(other).extracting(ObjectCreated::key).containsExactly("listen/one.csv");
        assertThat(created).extracting(ObjectCreated::key).containsExactly("listen/one.csv", "listen/two.csv");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }
}
