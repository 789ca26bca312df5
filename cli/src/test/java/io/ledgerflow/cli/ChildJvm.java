package io.ledgerflow.cli;

import io.ledgerflow.core.generate.BillingGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How {@link CliProcess} starts the command line in a JVM of its own.
 *
 * <p><b>From the packaged jar, as {@code ./ledgerflow} starts it</b>, when that jar holds the
 * classes under test: it is newer than every file of the main class folders on the test's class
 * path (a {@code package} ran after the last compilation, as in CI, where the tests run after
 * {@code ./mvnw package}). The jar then gets a class-data archive (JDK's dynamic CDS) made once per
 * jar and JDK by a small daily run (about 12 CPU-seconds), under a lock that the cli module's two
 * test JVMs share. A daily of 5,000 records cost 7.6-7.9 CPU-seconds from the jar without an
 * archive and 5.4-6.1 with it (7.3-9.4 from the class path); a test run starts eleven children
 * (BENCHMARKS.md, "Test time").
 *
 * <p><b>Otherwise from the test's class path</b>, the folders Maven just compiled: a jar older
 * than them would run other code than the test's. A class-data archive cannot serve that class
 * path: the JVM refuses one for a class path that holds non-empty folders.
 *
 * <p>Either way the child runs {@code io.ledgerflow.cli.Main} with the same flags; what a child
 * shows (a lock, a crash point, an exit code) does not depend on where its classes came from.
 */
final class ChildJvm {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    /**
     * The launcher's flags for daily, rerun and redrive (C1 only, a capped heap), for every command
     * here: a test's child is short, and the launcher's servers (C1 then C2) only differ in speed.
     * The collector is the test JVMs' serial one: a daily of 5,000 records cost 7.8-8.9 CPU-seconds
     * with it against 8.2-9.5 with the launcher's parallel one and 8.8-9.9 with the JVM's default
     * (G1), three rounds each.
     */
    private static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-Xmx640m", "-XX:+UseSerialGC",
            "-Dsqlite4java.library.path=" + System.getProperty("sqlite4java.library.path"),
            "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local");

    /** As the launcher: an archive that cannot be used is passed over quietly, errors still show. */
    private static final List<String> QUIET = List.of("-Xlog:disable", "-Xlog:all=error:stderr");

    /** The packaged jar when it holds the classes under test, else null; decided once per test JVM. */
    private static final Path JAR = freshJar();

    private static final int TRAINING_MINUTES_MAX = 5;

    private ChildJvm() {
    }

    /** The command that runs the command line with {@code args}, from the jar or from the class path (see the class). */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(FLAGS);
        if (JAR == null) {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ledgerflow.cli.Main"));
        } else {
            Path archive = archive(JAR);
            if (archive != null) {
                command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
            }
            command.addAll(QUIET);
            command.addAll(List.of("-jar", JAR.toString()));
        }
        command.addAll(args);
        return command;
    }

    private static Path freshJar() {
        Path classes;
        try {
            classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            return null;
        }
        if (!Files.isDirectory(classes)) {
            return null; // the tests run against a jar already
        }
        Path jar = classes.resolveSibling("ledgerflow.jar");
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path folder = Path.of(entry);
                // main class folders (test classes are not in the jar, and children never load them)
                if (Files.isDirectory(folder) && folder.getFileName().toString().equals("classes")
                        && newest(folder).compareTo(built) > 0) {
                    return null;
                }
            }
            return jar;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private static FileTime newest(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(file -> {
                try {
                    return Files.getLastModifiedTime(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max(Comparator.naturalOrder()).orElse(FileTime.fromMillis(0));
        }
    }

    /**
     * The jar's class-data archive for this JDK, made now when there is none newer than the jar; null
     * when none can be had (its making failed for this jar, or the other test JVM is making it: that
     * child then starts without one).
     */
    private static synchronized Path archive(Path jar) {
        String jdk = Path.of(System.getProperty("java.home")).getFileName().toString();
        Path archive = jar.resolveSibling("test-child-" + jdk + ".jsa");
        Path failed = jar.resolveSibling("test-child-" + jdk + ".jsa.failed");
        try {
            if (newerThan(archive, jar)) {
                return archive;
            }
            if (newerThan(failed, jar)) {
                return null;
            }
            try (FileChannel channel = FileChannel.open(jar.resolveSibling("test-child.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    return null;
                }
                if (newerThan(archive, jar)) {
                    return archive; // made by the other test JVM meanwhile
                }
                if (train(jar, archive)) {
                    return archive;
                }
                Files.writeString(failed, "the training run made no archive; children start without one\n");
                return null;
            }
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    private static boolean newerThan(Path file, Path than) throws IOException {
        return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) >= 0;
    }

    /**
     * A daily of 1,000 generated lines in a scratch home, archiving at its exit the classes it loaded
     * (the engines, the SDK, the workflow: most of what any child loads); the archive is written
     * beside its place and moved there whole, so that no child ever maps half of one.
     */
    private static boolean train(Path jar, Path archive) throws IOException {
        Path scratch = Files.createTempDirectory("ledgerflow-child-archive");
        try {
            LocalDate date = LocalDate.of(2026, 11, 20);
            StringWriter text = new StringWriter();
            new BillingGenerator(new BillingGenerator.Settings(date, 1_000, 7, 0.0, 0.08)).write(text);
            Path input = Files.writeString(scratch.resolve("d.csv"), text.toString(), StandardCharsets.UTF_8);
            Path made = scratch.resolve("child.jsa");
            List<String> command = new ArrayList<>();
            command.add(JAVA);
            command.addAll(FLAGS);
            command.add("-XX:ArchiveClassesAtExit=" + made);
            command.addAll(QUIET);
            command.addAll(List.of("-jar", jar.toString(), "daily", "--home", scratch.resolve("home").toString(),
                    "--date", date.toString(), "--input", input.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(scratch.resolve("training.log").toFile()).start();
            if (!process.waitFor(TRAINING_MINUTES_MAX, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                return false;
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(made)) {
                return false;
            }
            Files.move(made, archive.resolveSibling(archive.getFileName() + ".tmp"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(archive.resolveSibling(archive.getFileName() + ".tmp"), archive, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }
}
