package io.ledgerflow.core.close;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The fingerprint of the code that calculates: SHA-256 over every class of {@code io.ledgerflow.core}
 * (name and bytes, in name order), read from wherever that code was loaded (a jar, the Lambda
 * package, or {@code batch-core/target/classes}). The same build gives the same fingerprint in the
 * CLI, in a Lambda function and in the tests; any change to the calculation gives another one.
 */
public final class CodeFingerprint {

    private static final String PREFIX = "io/ledgerflow/core/";
    private static volatile String current;

    private CodeFingerprint() {}

    /** The fingerprint of the running code (computed once). */
    public static String current() {
        String value = current;
        if (value == null) {
            value = of(CodeFingerprint.class);
            current = value;
        }
        return value;
    }

    /** The fingerprint of the {@code io.ledgerflow.core} classes loaded from where {@code anchor} was. */
    static String of(Class<?> anchor) {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the code of " + anchor.getName(), e);
        }
        MessageDigest digest = sha256();
        try {
            if (Files.isDirectory(location)) {
                List<Path> classes;
                try (Stream<Path> files = Files.walk(location.resolve(PREFIX))) {
                    classes = files.filter(f -> f.toString().endsWith(".class")).toList();
                }
                List<String> names = new ArrayList<>();
                for (Path file : classes) {
                    names.add(location.relativize(file).toString().replace('\\', '/'));
                }
                names.sort(Comparator.naturalOrder());
                for (String name : names) {
                    add(digest, name, Files.readAllBytes(location.resolve(name)));
                }
            } else {
                try (ZipFile jar = new ZipFile(location.toFile())) {
                    List<? extends ZipEntry> entries = jar.stream()
                            .filter(e -> e.getName().startsWith(PREFIX) && e.getName().endsWith(".class"))
                            .sorted(Comparator.comparing(ZipEntry::getName)).toList();
                    for (ZipEntry entry : entries) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            add(digest, entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the code at " + location, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void add(MessageDigest digest, String name, byte[] bytes) {
        digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Long.toString(bytes.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
