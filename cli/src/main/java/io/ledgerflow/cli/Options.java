package io.ledgerflow.cli;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values that picocli's types do not make; failures are usage errors (exit 2). */
final class Options {
    private Options() {}

    /** An output file's folder must exist, so that a long run does not fail at its very end. */
    static void requireWritable(CommandSpec spec, String option, Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": folder " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + " is a folder, not a file");
        }
    }

    static void requirePercent(CommandSpec spec, String option, BigDecimal value) {
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new ParameterException(spec.commandLine(), option + " must be between 0 and 100, got " + value.toPlainString());
        }
    }
}
