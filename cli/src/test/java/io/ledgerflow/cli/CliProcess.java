package io.ledgerflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a process of its own ({@link ChildJvm}: from the test's class path, or from
 * the launcher's jar when {@code ci/test} names it): for what only separate processes show, a kill
 * or two processes on one home. Its stdout and stderr go to {@code log}.
 */
record CliProcess(Process process, Path log) {

    static CliProcess start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    /** As {@link #start(Path, String...)}, with {@code environment} added to the process's environment. */
    static CliProcess start(Path log, Map<String, String> environment, String... args) throws IOException {
        List<String> command = ChildJvm.command(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new CliProcess(process, log);
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Its exit code once it ended, within {@code minutes}; fails the test with its output if it did not. */
    int exitCode(long minutes) throws IOException, InterruptedException {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("still running after " + minutes + " min; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Waits until its output contains {@code text} (true), or it ended or {@code seconds} passed without (false). */
    boolean awaitOutput(String text, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(50);
        }
        return false;
    }
}
