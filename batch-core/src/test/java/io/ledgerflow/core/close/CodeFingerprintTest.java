package io.ledgerflow.core.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.close.CodeFingerprint.Input;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attestation's fingerprint covers what calculates and runs in production: the core's and the
 * handlers' classes, the ASL files and the template, and the dependency jars; a change to any of
 * them gives another fingerprint, and nothing else does.
 */
class CodeFingerprintTest {

    @TempDir
    Path dir;

    static final List<Input> INPUTS = List.of(
            Input.of("class io/ledgerflow/core/journal/Journalizer.class", bytes("journalizer v1")),
            Input.of("class io/ledgerflow/lambdas/PrepareDayHandler.class", bytes("prepare v1")),
            Input.of("file daily-journal.asl.json", bytes("{\"StartAt\":\"Prepare\"}")),
            Input.of("file template.yaml", bytes("Resources: {}")),
            Input.of("jar jackson-databind-2.18.2.jar", bytes("jackson 2.18.2")));

    @Test
    void fingerprint_changes_whenAnyInputChanges() {
        String original = CodeFingerprint.of(INPUTS);
        for (int i = 0; i < INPUTS.size(); i++) {
            List<Input> changed = new ArrayList<>(INPUTS);
            changed.set(i, Input.of(INPUTS.get(i).name(), bytes("changed")));

            assertThat(CodeFingerprint.of(changed)).as("changed " + INPUTS.get(i).name()).isNotEqualTo(original);
        }
    }

    @Test
    void fingerprint_changes_whenAnInputIsAddedRemovedOrRenamed() {
        String original = CodeFingerprint.of(INPUTS);
        List<Input> added = new ArrayList<>(INPUTS);
        added.add(Input.of("jar postgresql-42.7.4.jar", bytes("pg")));
        List<Input> renamed = new ArrayList<>(INPUTS);
        renamed.set(4, new Input("jar jackson-databind-2.18.3.jar", INPUTS.get(4).sha256()));

        assertThat(CodeFingerprint.of(added)).isNotEqualTo(original);
        assertThat(CodeFingerprint.of(INPUTS.subList(1, INPUTS.size()))).isNotEqualTo(original);
        assertThat(CodeFingerprint.of(renamed)).isNotEqualTo(original);
    }

    @Test
    void fingerprint_isTheSame_whateverOrderTheInputsAreFoundIn() {
        List<Input> reversed = new ArrayList<>(INPUTS);
        java.util.Collections.reverse(reversed);

        assertThat(CodeFingerprint.of(reversed)).isEqualTo(CodeFingerprint.of(INPUTS)).matches("[0-9a-f]{64}");
    }

    @Test
    void anInputNamedTwice_isRefused() {
        List<Input> twice = new ArrayList<>(INPUTS);
        twice.add(Input.of(INPUTS.get(0).name(), bytes("other")));

        assertThatThrownBy(() -> CodeFingerprint.of(twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("appears twice");
    }

    @Test
    void releaseInputs_recordTheAslFilesTheTemplateAndTheDependencyJars_notOurOwnModules() throws IOException {
        Path workflows = workflows("{\"StartAt\":\"A\"}", "Resources: {}");
        Path dependency = jar("jackson-core-2.18.2.jar", "com/fasterxml/jackson/core/JsonParser.class", "v1");
        Path ourModule = jar("batch-core-0.1.0-SNAPSHOT.jar", "io/ledgerflow/core/X.class", "ours");
        Path classes = Files.createDirectories(dir.resolve("classes"));

        List<Input> inputs = ReleaseInputs.collect(workflows, List.of(classes, ourModule, dependency));

        assertThat(inputs).extracting(Input::name).containsExactly("file daily-journal.asl.json", "file template.yaml",
                "jar jackson-core-2.18.2.jar");
        assertThat(ReleaseInputs.parse(ReleaseInputs.render(inputs))).containsExactlyElementsOf(inputs);
    }

    @Test
    void releaseInputs_change_whenTheAslTheTemplateOrAJarChanges() throws IOException {
        Path dependency = jar("jackson-core-2.18.2.jar", "com/fasterxml/jackson/core/JsonParser.class", "v1");
        String original = CodeFingerprint.of(ReleaseInputs.collect(workflows("asl v1", "template v1"), List.of(dependency)));

        String asl = CodeFingerprint.of(ReleaseInputs.collect(workflows("asl v2", "template v1"), List.of(dependency)));
        String template = CodeFingerprint.of(ReleaseInputs.collect(workflows("asl v1", "template v2"), List.of(dependency)));
        Path patched = jar("jackson-core-2.18.2.jar", "com/fasterxml/jackson/core/JsonParser.class", "v2");
        String jar = CodeFingerprint.of(ReleaseInputs.collect(workflows("asl v1", "template v1"), List.of(patched)));

        assertThat(List.of(asl, template, jar)).doesNotContain(original).doesNotHaveDuplicates();
    }

    @Test
    void classes_areReadByName_fromADirectoryOrAJar_underTheirPrefixOnly() throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("io/ledgerflow/lambdas"));
        Files.write(classes.resolve("io/ledgerflow/lambdas/H.class"), bytes("h"));
        Files.createDirectories(classes.resolve("org/other"));
        Files.write(classes.resolve("org/other/O.class"), bytes("o"));
        Path jar = jar("lambdas.jar", "io/ledgerflow/lambdas/H.class", "h");

        List<Input> fromDirectory = CodeFingerprint.classes(classes, "io/ledgerflow/lambdas/");
        List<Input> fromJar = CodeFingerprint.classes(jar, "io/ledgerflow/lambdas/");

        assertThat(fromDirectory).containsExactly(Input.of("class io/ledgerflow/lambdas/H.class", bytes("h")));
        assertThat(fromJar).isEqualTo(fromDirectory);
    }

    private Path workflows(String asl, String template) throws IOException {
        Path workflows = Files.createTempDirectory(dir, "workflows");
        Files.writeString(workflows.resolve("daily-journal.asl.json"), asl);
        Files.writeString(workflows.resolve("template.yaml"), template);
        Files.writeString(workflows.resolve("README.md"), "not deployed");
        return workflows;
    }

    private Path jar(String name, String entry, String content) throws IOException {
        Path jar = Files.createTempDirectory(dir, "m2").resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(bytes(content));
            zip.closeEntry();
        }
        return jar;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
