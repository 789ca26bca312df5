package io.ledgerflow.cli;

import io.ledgerflow.core.files.Folders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How {@link CliProcess} starts the command line in a JVM of its own: from the test's class path,
 * or, when the system property {@value #JAR_PROPERTY} names the launcher's jar, from that jar as
 * {@code ./ledgerflow} starts it.
 *
 * <p>The jar is named only by whoever knows that it holds the classes under test: {@code ci/test}
 * passes the jar that its {@code ./mvnw package} has just made from the same tree, and its test
 * runs build nothing. Nothing here guesses it from file times: a jar newer than the class folders
 * can still hold other code (a dependency changed in a POM, modules taken from the local
 * repository). From the jar, children share a class-data archive (JDK's dynamic CDS), made once per
 * jar and JDK by a small daily run, under a lock that the cli module's two test JVMs share: a daily
 * of 5,000 records cost 7.6-7.9 CPU-seconds from the jar without an archive and 5.4-6.1 with it
 * (7.3-9.4 from the class path), and the archive's making about 12 (BENCHMARKS.md, "Test time").
 * From the class path no archive can serve: the JVM refuses one for a class path that holds
 * non-empty folders.
 *
 * <p>Either way the child runs {@code io.ledgerflow.cli.Main} with the same flags; what a child
 * shows (a lock, a crash point, an exit code, its output) does not depend on where its classes
 * came from.
 */
final class ChildJvm {

    /** The launcher's jar to start children from, when it holds the classes under test (see the class). */
    static final String JAR_PROPERTY = "ledgerflow.test.childJar";

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    /**
     * The launcher's flags for daily, rerun and redrive (C1 only, a capped heap), for every command
     * here: a test's child is short, and the launcher's servers (C1 then C2) only differ in speed.
     * The collector is the test JVMs' serial one: a daily of 5,000 records cost 7.8-8.9 CPU-seconds
     * with it against 8.2-9.5 with the launcher's parallel one and 8.8-9.9 with the JVM's default
     * (G1), three rounds each. The JVM's own messages as the launcher has them: errors only.
     */
    private static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-Xmx640m", "-XX:+UseSerialGC",
            "-Xlog:disable", "-Xlog:all=error:stderr",
            "-Dsqlite4java.library.path=" + System.getProperty("sqlite4java.library.path"),
            "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local");

    private static final int TRAINING_MINUTES_MAX = 5;

    /** How the children of this test JVM start, after the flags; decided once, at the first child. */
    private static final List<String> LAUNCH = launch();

    private ChildJvm() {
    }

    /** The command that runs the command line with {@code args}. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(FLAGS);
        command.addAll(LAUNCH);
        command.addAll(args);
        return command;
    }

    private static List<String> launch() {
        String named = System.getProperty(JAR_PROPERTY, "");
        if (named.isBlank()) {
            // Native access (SQLite, for DynamoDB Local) as the jar's manifest grants it. Not given
            // to the jar's children: the archive would be refused, the option not being set when
            // it was made (the JVM says so on stderr).
            return List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "io.ledgerflow.cli.Main");
        }
        Path jar = Path.of(named).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(JAR_PROPERTY + " names no jar: " + jar
                    + " (an absolute path, of a jar that ./mvnw package made from this tree; or leave the property out)");
        }
        List<String> launch = new ArrayList<>();
        Path archive = archive(jar);
        if (archive != null) {
            launch.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
        }
        launch.addAll(List.of("-jar", jar.toString()));
        return List.copyOf(launch);
    }

    /**
     * The jar's class-data archive for this JDK, made now when there is none at least as new as the
     * jar; null when none can be had (its making failed for this jar, now or before, or was
     * interrupted): the children then start without one, and a failure is printed once. The two
     * test JVMs of a module wait for each other here: a child never starts while the archive is
     * being made, so children that a test starts together start together.
     */
    static Path archive(Path jar) {
        Path archive = archiveFile(jar);
        Path failed = archive.resolveSibling(archive.getFileName() + ".failed");
        try (FileChannel channel = FileChannel.open(jar.resolveSibling("test-child.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (notOlder(archive, jar)) {
                return archive;
            }
            if (notOlder(failed, jar)) {
                return null;
            }
            String failure = train(jar, archive);
            if (failure == null) {
                return archive;
            }
            Files.writeString(failed, failure);
            System.err.println("ChildJvm: children start without a class-data archive: " + failure);
            return null;
        } catch (IOException | RuntimeException e) {
            System.err.println("ChildJvm: children start without a class-data archive: " + e);
            return null;
        }
    }

    /** Where {@link #archive} keeps {@code jar}'s archive for this JDK: beside the jar. */
    static Path archiveFile(Path jar) {
        String jdk = Path.of(System.getProperty("java.home")).getFileName() + "-" + Runtime.version();
        return jar.resolveSibling("test-child-" + jdk + ".jsa");
    }

    private static boolean notOlder(Path file, Path than) throws IOException {
        return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) >= 0;
    }

    /**
     * A daily of 1,000 generated lines in a scratch home, archiving at its exit the classes it loaded
     * (the engines, the SDK, the workflow: most of what any child loads); the archive is written
     * beside its place and moved there whole, so that no child ever maps half of one. Null when it
     * is in place, else what went wrong.
     */
    private static String train(Path jar, Path archive) throws IOException {
        Path scratch = Files.createTempDirectory("ledgerflow-child-archive");
        Process process = null;
        try {
            LocalDate date = LocalDate.of(2026, 11, 20);
            Path input = Journals.generate(scratch.resolve("d.csv"), date, 1_000, 7, 0.0);
            Path made = scratch.resolve("child.jsa");
            Path log = scratch.resolve("training.log");
            List<String> command = new ArrayList<>();
            command.add(JAVA);
            command.addAll(FLAGS);
            command.add("-XX:ArchiveClassesAtExit=" + made);
            command.addAll(List.of("-jar", jar.toString(), "daily", "--home", scratch.resolve("home").toString(),
                    "--date", date.toString(), "--input", input.toString()));
            // In the scratch folder: a JVM that fails writing the archive leaves its crash report there.
            process = new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(TRAINING_MINUTES_MAX, TimeUnit.MINUTES)) {
                return "the training run did not end within " + TRAINING_MINUTES_MAX + " minutes:\n" + tail(log);
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(made)) {
                return "the training run exited " + process.exitValue() + (Files.isRegularFile(made) ? "" : " without an archive")
                        + ":\n" + tail(log);
            }
            Path moving = archive.resolveSibling(archive.getFileName() + ".tmp");
            Files.move(made, moving, StandardCopyOption.REPLACE_EXISTING);
            Files.move(moving, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the children's class-data archive", e);
        } finally {
            if (process != null && process.isAlive()) {
                // its own child processes first, if any, which would outlive it
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Folders.deleteQuietly(scratch); // what is left in the temporary folder harms nothing here
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
    }
}
