package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The children's class-data archive: made once per jar, and a jar it cannot be made for is not tried again. */
class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void aJarWhoseTrainingFails_getsNoArchive_aMarkerSayingWhy_andIsNotTriedAgain() throws Exception {
        Path jar = jarWithoutMain(dir.resolve("ledgerflow.jar"));

        assertThat(ChildJvm.archive(jar)).isNull();

        Path marker = only(dir, ".jsa.failed");
        assertThat(Files.readString(marker)).contains("the training run exited 1").contains("no main manifest attribute");
        assertThat(only(dir, ".jsa")).isNull();
        // and a second child of this jar starts without one, without a second training
        FileTime marked = Files.getLastModifiedTime(marker);
        assertThat(ChildJvm.archive(jar)).isNull();
        assertThat(Files.getLastModifiedTime(marker)).isEqualTo(marked);
    }

    @Test
    void aJarRebuiltAfterItsMarker_isTriedAgain() throws Exception {
        Path jar = jarWithoutMain(dir.resolve("ledgerflow.jar"));
        assertThat(ChildJvm.archive(jar)).isNull();
        Path marker = only(dir, ".jsa.failed");
        Files.setLastModifiedTime(marker, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

        assertThat(ChildJvm.archive(jar)).isNull();

        assertThat(Files.getLastModifiedTime(marker)).isGreaterThanOrEqualTo(Files.getLastModifiedTime(jar));
    }

    @Test
    void anArchiveNoOlderThanTheJar_isTakenAsItIs() throws Exception {
        Path jar = jarWithoutMain(dir.resolve("ledgerflow.jar"));
        Path archive = Files.writeString(ChildJvm.archiveFile(jar), "made before");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1_000));

        assertThat(ChildJvm.archive(jar)).isEqualTo(archive);
        assertThat(only(dir, ".jsa.failed")).isNull();
    }

    /** A jar that {@code java -jar} refuses at once: no Main-Class in its manifest. */
    private static Path jarWithoutMain(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    /** The one file of {@code dir} whose name ends with {@code suffix}, or null. */
    private static Path only(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).reduce((a, b) -> {
                throw new AssertionError("two files end with " + suffix + ": " + a + ", " + b);
            }).orElse(null);
        }
    }
}
