package io.ledgerflow.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

    @TempDir
    Path dir;

    @Test
    void delete_removesTheFolderAndEverythingUnderIt_butNotWhatALinkPointsTo() throws IOException {
        // given a tree with a nested folder, files and a link to a file outside it
        Path outside = Files.writeString(dir.resolve("outside.txt"), "kept");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file.txt"), "x");
        Files.writeString(dir.resolve("tree/top.txt"), "y");
        Files.createSymbolicLink(dir.resolve("tree/a/link"), outside);

        // when
        Folders.delete(dir.resolve("tree"));

        // then the tree is gone, the link's target is not
        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("kept");
    }

    @Test
    void delete_ofAFolderThatIsNotThere_doesNothing() {
        Folders.delete(dir.resolve("missing"));
        assertThat(Folders.deleteQuietly(dir.resolve("missing"))).isTrue();
    }
}
