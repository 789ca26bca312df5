package io.ledgerflow.bench;

import io.ledgerflow.cli.local.LocalS3;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.objectstore.ObjectStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Not a test: what LocalS3 costs. The start of LocalS3 (first in the JVM, so class loading
 * included, then a second one), then OBJECTS objects of SIZE bytes put, got and listed through
 * the object-store port, over S3 (S3ObjectStore, the SDK, S3Proxy) and straight on the folder
 * (FileSystemObjectStore), with 1 and THREADS callers; over S3 both with LocalS3's client (aws-chunked
 * uploads) and with the body signed whole. Every object read back is compared with
 * what was written. Usage: {@code LocalS3Benchmark DIR [OBJECTS=1000] [SIZE=51200] [THREADS=8]}.
 */
public final class LocalS3Benchmark {

    private static final String BUCKET = "ledgerflow-bench";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int objects = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 50 * 1024;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        byte[][] contents = new byte[objects][];
        Random random = new Random(7);
        for (int i = 0; i < objects; i++) {
            contents[i] = new byte[size];
            random.nextBytes(contents[i]);
        }
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("s3").resolve(BUCKET));

        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        LocalS3 first = LocalS3.start(home, 0);
        double firstMillis = (System.nanoTime() - t0) / 1e6;
        double firstCpuMillis = (cpuNanos() - cpu0) / 1e6;
        first.close();
        t0 = System.nanoTime();
        cpu0 = cpuNanos();
        LocalS3 second = LocalS3.start(home, 0);
        System.out.printf("LocalS3 start: %.0f ms wall (%.0f ms CPU) first in the JVM, %.0f ms wall (%.0f ms CPU) again"
                + " (a new class loader: classes are loaded again)%n",
                firstMillis, firstCpuMillis, (System.nanoTime() - t0) / 1e6, (cpuNanos() - cpu0) / 1e6);
        try (LocalS3 s3 = second; S3Client client = s3.newClient(); S3Client unchunkedClient = unchunked(s3)) {
            ObjectStore overS3 = new S3ObjectStore(client);
            ObjectStore unchunked = new S3ObjectStore(unchunkedClient);
            ObjectStore folder = new FileSystemObjectStore(home.resolve("s3"));
            // Warm-up (JIT, connections), then the measured rounds; each store its own prefix.
            run("warm-up s3", overS3, "warm-s3/", contents, threads, false);
            run("warm-up fs", folder, "warm-fs/", contents, threads, false);
            for (int callers : new int[] {1, threads}) {
                run("S3 (LocalS3)", overS3, "s3-" + callers + "/", contents, callers, true);
                run("S3 unchunked", unchunked, "s3u-" + callers + "/", contents, callers, true);
                run("folder (FileSystemObjectStore)", folder, "fs-" + callers + "/", contents, callers, true);
            }
        }
    }

    private static void run(String name, ObjectStore store, String prefix, byte[][] contents, int callers, boolean print)
            throws Exception {
        long cpu0 = cpuNanos();
        double put = timed(callers, contents.length, i -> store.put(BUCKET, key(prefix, i), contents[i]));
        double putCpu = (cpuNanos() - cpu0) / 1e6 / contents.length;
        cpu0 = cpuNanos();
        double get = timed(callers, contents.length, i -> {
            if (!Arrays.equals(store.get(BUCKET, key(prefix, i)), contents[i])) {
                throw new IllegalStateException(name + ": object " + i + " read back differs");
            }
        });
        double getCpu = (cpuNanos() - cpu0) / 1e6 / contents.length;
        long t0 = System.nanoTime();
        int listed = 0;
        String after = null;
        while (true) {
            var page = store.list(BUCKET, prefix, after, ObjectStore.LIST_KEYS_MAX);
            listed += page.size();
            if (page.size() < ObjectStore.LIST_KEYS_MAX) {
                break;
            }
            after = page.getLast().key();
        }
        double list = (System.nanoTime() - t0) / 1e9;
        if (listed != contents.length) {
            throw new IllegalStateException(name + ": listed " + listed + " of " + contents.length);
        }
        if (print) {
            double mb = (double) contents.length * contents[0].length / (1024 * 1024);
            System.out.printf("%-31s %d caller(s): put %,6.0f obj/s (%5.1f MiB/s, %.2f ms CPU/obj), get %,6.0f obj/s"
                    + " (%5.1f MiB/s, %.2f ms CPU/obj), list %,d keys %.2f s%n",
                    name, callers, contents.length / put, mb / put, putCpu, contents.length / get, mb / get, getCpu, listed, list);
        }
    }

    /**
     * LocalS3's client with the body signed whole instead of in aws-chunked frames: S3Proxy 3.0.0
     * reads a chunked body a byte at a time, but holds a whole-signed one in memory.
     */
    private static S3Client unchunked(LocalS3 s3) {
        return S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true).region(LocalS3.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** CPU time of the whole process (all threads: callers, S3Proxy's, JIT, GC), in nanoseconds. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private interface Call {
        void object(int index) throws Exception;
    }

    /** Calls {@code call} for each index from {@code callers} threads; returns the seconds taken. */
    private static double timed(int callers, int count, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        call.object(i);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String key(String prefix, int i) {
        return prefix + "results/" + String.format("part-%05d.json", i);
    }
}
