package io.ledgerflow.core.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Deletes folders the code made for itself (scratch folders, templates, spilled days), with
 * everything under them. A symbolic link is deleted, never followed.
 */
public final class Folders {

    private Folders() {
    }

    /**
     * Deletes {@code folder} and everything under it; a folder that is not there is no error.
     *
     * @throws UncheckedIOException at the first file or folder that cannot be deleted
     */
    public static void delete(Path folder) {
        try {
            walk(folder, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes as much of {@code folder} as it can and says whether all of it went: for temporary
     * folders nothing reads again, whose leftovers are harmless.
     */
    public static boolean deleteQuietly(Path folder) {
        try {
            walk(folder, true);
        } catch (IOException e) {
            return false;
        }
        return !Files.exists(folder, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether {@code folder} holds nothing. */
    public static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void walk(Path folder, boolean quietly) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                remove(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException || quietly) {
                    return FileVisitResult.CONTINUE; // gone already, or left behind
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !quietly) {
                    throw e;
                }
                remove(dir);
                return FileVisitResult.CONTINUE;
            }

            private void remove(Path path) throws IOException {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    if (!quietly) {
                        throw e;
                    }
                }
            }
        });
    }
}
