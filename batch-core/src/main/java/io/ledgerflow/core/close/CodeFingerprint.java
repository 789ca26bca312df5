package io.ledgerflow.core.close;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The fingerprint of the code that calculates and runs in production, which a CI stage-2
 * attestation vouches for: SHA-256 over a sorted list of {@link Input}s, each a name and the
 * SHA-256 of its bytes:
 * <ul>
 *   <li>every class of {@code io.ledgerflow.core} and {@code io.ledgerflow.lambdas}, read from
 *       wherever that code was loaded (the Lambda package, the CLI jar, or the modules'
 *       {@code target/classes}): {@code class io/ledgerflow/...class};</li>
 *   <li>the ASL files and the SAM template that deploy it ({@code file daily-journal.asl.json},
 *       {@code file template.yaml});</li>
 *   <li>the dependency jars of the functions' runtime class path, by file name
 *       ({@code jar jackson-core-2.18.2.jar}).</li>
 * </ul>
 * The last two are not on a Lambda function's class path as such (the package is one shaded jar,
 * the ASL and template are deployed beside it), so the lambdas build records them with their
 * digests in {@value #RELEASE_INPUTS} ({@link ReleaseInputs}), and the fingerprint reads that
 * record. The same commit built with the same JDK gives the same fingerprint in the CLI (CI stage
 * 2), in a Lambda function and in the tests; a change to any input gives another one.
 */
public final class CodeFingerprint {

    /** The lambdas build's record of the deployed files and dependency jars, a class path resource. */
    public static final String RELEASE_INPUTS = "io/ledgerflow/lambdas/release-inputs.txt";
    private static final List<String> CLASS_PREFIXES = List.of("io/ledgerflow/core/", "io/ledgerflow/lambdas/");
    private static volatile String current;

    /** One input of the fingerprint: its kind and name ({@code class io/ledgerflow/core/X.class}), and its SHA-256. */
    public record Input(String name, String sha256) {
        public Input {
            if (name.isBlank() || name.indexOf('\n') >= 0 || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not a fingerprint input: " + name + " " + sha256);
            }
        }

        /** The input named {@code name} whose content is {@code bytes}. */
        public static Input of(String name, byte[] bytes) {
            return new Input(name, sha256Hex(bytes));
        }
    }

    private CodeFingerprint() {}

    /** The fingerprint of the running code (computed once). */
    public static String current() {
        String value = current;
        if (value == null) {
            value = of(currentInputs());
            current = value;
        }
        return value;
    }

    /**
     * The fingerprint of {@code inputs}: SHA-256 over their lines {@code name SP sha256 LF} in name
     * order, so the order they are found in does not matter. Two inputs of one name are a defect.
     */
    public static String of(List<Input> inputs) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Input input : inputs) {
            if (sorted.put(input.name(), input.sha256()) != null) {
                throw new IllegalArgumentException("fingerprint input " + input.name() + " appears twice");
            }
        }
        MessageDigest digest = sha256();
        sorted.forEach((name, sha) -> digest.update((name + " " + sha + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The running code's inputs: its classes as loaded, and the deployed files and jars the lambdas build recorded. */
    public static List<Input> currentInputs() {
        URL record = CodeFingerprint.class.getClassLoader().getResource(RELEASE_INPUTS);
        if (record == null) {
            throw new IllegalStateException("no " + RELEASE_INPUTS + " on the class path: the lambdas module's build "
                    + "writes it, and without it the running code cannot be fingerprinted");
        }
        List<Input> inputs = new ArrayList<>();
        Path core = locationOf(CodeFingerprint.class);
        Path lambdas = locationOf(record);
        inputs.addAll(classes(core, CLASS_PREFIXES.get(0)));
        inputs.addAll(classes(lambdas, CLASS_PREFIXES.get(1)));
        try (InputStream in = record.openStream()) {
            inputs.addAll(ReleaseInputs.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + record, e);
        }
        return inputs;
    }

    /** Every class under {@code prefix} at {@code location} (a directory or a jar), as {@code class NAME} inputs. */
    static List<Input> classes(Path location, String prefix) {
        List<Input> inputs = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                Path root = location.resolve(prefix);
                if (!Files.isDirectory(root)) {
                    return inputs;
                }
                List<Path> files;
                try (Stream<Path> walk = Files.walk(root)) {
                    files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
                }
                for (Path file : files) {
                    String name = location.relativize(file).toString().replace('\\', '/');
                    inputs.add(Input.of("class " + name, Files.readAllBytes(file)));
                }
            } else {
                try (ZipFile jar = new ZipFile(location.toFile())) {
                    List<? extends ZipEntry> entries = jar.stream()
                            .filter(e -> e.getName().startsWith(prefix) && e.getName().endsWith(".class"))
                            .sorted(Comparator.comparing(ZipEntry::getName)).toList();
                    for (ZipEntry entry : entries) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            inputs.add(Input.of("class " + entry.getName(), in.readAllBytes()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the code at " + location, e);
        }
        return inputs;
    }

    private static Path locationOf(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the code of " + anchor.getName(), e);
        }
    }

    /** The jar or class directory a resource was found in. */
    private static Path locationOf(URL resource) {
        try {
            String url = resource.toString();
            if (url.startsWith("jar:")) {
                return Path.of(new java.net.URI(url.substring("jar:".length(), url.indexOf("!/"))));
            }
            Path file = Path.of(resource.toURI());
            for (int i = 0; i < Path.of(RELEASE_INPUTS).getNameCount(); i++) {
                file = file.getParent();
            }
            return file;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + resource, e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints the running code's fingerprint (the release pipeline checks an attestation against it). */
    public static void main(String[] args) {
        System.out.println(current());
    }
}
