package io.ledgerflow.workflows.template;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the template and the repository are when the tests run. */
final class TemplateFiles {

    /** The workflows module's folder: Surefire runs there; an IDE may run from the repository root. */
    static final Path MODULE = Files.isRegularFile(Path.of("template.yaml")) ? Path.of("") : Path.of("workflows");
    static final Path REPOSITORY = MODULE.toAbsolutePath().getParent();
    static final Path FILE = MODULE.resolve("template.yaml");

    private TemplateFiles() {}
}
