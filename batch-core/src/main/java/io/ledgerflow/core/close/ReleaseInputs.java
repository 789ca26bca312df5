package io.ledgerflow.core.close;

import io.ledgerflow.core.close.CodeFingerprint.Input;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The inputs of the {@link CodeFingerprint} that are not classes of ours: the ASL files and the SAM
 * template deployed with the functions ({@code file NAME}), and the dependency jars of their runtime
 * class path ({@code jar FILE-NAME}), each with its SHA-256. The lambdas build runs {@link #main}
 * with that class path and writes {@value CodeFingerprint#RELEASE_INPUTS} into the package, since
 * a deployed function sees neither the ASL nor the jars it was shaded from.
 */
public final class ReleaseInputs {

    static final String HEADER = "# ledgerflow release inputs of CodeFingerprint, written by the lambdas build; do not edit";
    static final String TEMPLATE = "template.yaml";

    private ReleaseInputs() {}

    /**
     * The deployed files of {@code workflows} (every {@code *.asl.json} and {@code template.yaml})
     * and the dependency jars of {@code classPath}: a jar that holds classes of ours (a module of
     * this build) and a class directory are the code itself, which {@link CodeFingerprint} reads as
     * classes, and are left out.
     */
    public static List<Input> collect(Path workflows, List<Path> classPath) {
        List<Input> inputs = new ArrayList<>();
        try {
            List<Path> deployed;
            try (Stream<Path> files = Files.list(workflows)) {
                deployed = files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).sorted().toList();
            }
            if (deployed.isEmpty() || !Files.isRegularFile(workflows.resolve(TEMPLATE))) {
                throw new IllegalArgumentException(workflows + " holds no *.asl.json or no " + TEMPLATE);
            }
            for (Path file : deployed) {
                inputs.add(Input.of("file " + file.getFileName(), Files.readAllBytes(file)));
            }
            inputs.add(Input.of("file " + TEMPLATE, Files.readAllBytes(workflows.resolve(TEMPLATE))));
            for (Path element : classPath.stream().sorted(Comparator.comparing(Path::toString)).toList()) {
                if (Files.isRegularFile(element) && element.getFileName().toString().endsWith(".jar") && !ours(element)) {
                    inputs.add(Input.of("jar " + element.getFileName(), Files.readAllBytes(element)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the release inputs", e);
        }
        return inputs;
    }

    /** The record's text: a header, then {@code NAME SHA256} per input, in name order. */
    public static String render(List<Input> inputs) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        inputs.stream().sorted(Comparator.comparing(Input::name))
                .forEach(input -> text.append(input.name()).append(' ').append(input.sha256()).append('\n'));
        return text.toString();
    }

    /** The inputs of a record's text (see {@link #render}). */
    public static List<Input> parse(String text) {
        List<Input> inputs = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space <= 0 || !(line.startsWith("file ") || line.startsWith("jar "))) {
                throw new IllegalArgumentException("not a release input: " + line);
            }
            inputs.add(new Input(line.substring(0, space), line.substring(space + 1)));
        }
        return inputs;
    }

    private static boolean ours(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> e.getName().startsWith("io/ledgerflow/"));
        }
    }

    /**
     * Writes the record: {@code args[0]} the file to write, {@code args[1]} the workflows folder;
     * the class path is this JVM's (the build starts it with the functions' runtime class path).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReleaseInputs OUTPUT-FILE WORKFLOWS-DIR");
        }
        List<Path> classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, render(collect(Path.of(args[1]), classPath)), StandardCharsets.UTF_8);
    }
}
