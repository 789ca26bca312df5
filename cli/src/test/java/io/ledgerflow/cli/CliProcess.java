package io.ledgerflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a process of its own, on the test's class path (as {@code ./ledgerflow} runs
 * it from the jar): for what only separate processes show, a kill or two processes on one home.
 * Its stdout and stderr go to {@code log}.
 */
record CliProcess(Process process, Path log) {

    static CliProcess start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    /** As {@link #start(Path, String...)}, with {@code environment} added to the process's environment. */
    static CliProcess start(Path log, Map<String, String> environment, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the launcher's flags for daily, rerun and redrive (C1 only, a capped heap), for every command
        // here: a test's child is short, and the launcher's servers (C1 then C2) only differ in speed.
        // The collector is the test JVMs' serial one: what a child shows (a lock, a crash) does not
        // depend on it, and a daily of 5,000 records cost 7.8-8.9 CPU-seconds with it against 8.2-9.5
        // with the launcher's parallel one and 8.8-9.9 with the JVM's default (G1), three rounds each.
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx640m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "-Dsqlite4java.library.path=" + System.getProperty("sqlite4java.library.path"),
                "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local",
                "io.ledgerflow.cli.Main"));
        command.addAll(List.of(args));
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
