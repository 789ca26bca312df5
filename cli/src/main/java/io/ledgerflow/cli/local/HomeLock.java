package io.ledgerflow.cli.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One owner per home: a process that uses a home's engines (DynamoDB Local and PostgreSQL on its
 * files, the embedded runtime's executions) holds an OS file lock on {@code {home}/}{@value #FILE}
 * for as long as it uses them. DynamoDB Local's conditional writes are atomic only inside one
 * engine, and starting an execution or a fresh PostgreSQL is check-then-act: two processes on one
 * home could mix two runs under one run id, or both run {@code initdb}.
 *
 * <p>The lock is the OS's ({@link FileChannel#tryLock}), so it goes with the process: a killed
 * process holds nothing. The holder writes its pid, command and start into the file, for the
 * message a second process prints, and, when it runs executions, as the home's <em>runner</em>:
 * a new owner that finds executions still recorded RUNNING knows they belong to that runner, which
 * is gone ({@link DeadRunSweep}).
 *
 * <p>Within one JVM the lock is shared: a second {@link #acquire} of a home this process holds
 * counts up and the OS lock goes when the last handle closes (the OS lock belongs to the process,
 * and {@code demo} or a test drives several commands on one home in one process).
 */
public final class HomeLock implements AutoCloseable {

    /** The lock file, in the home. */
    public static final String FILE = "ledgerflow.lock";
    /** How long {@code --wait-for-home} waits at most. */
    public static final Duration WAIT_MAX = Duration.ofHours(24);
    /** How often a waiting process tries the lock again. */
    static final Duration WAIT_POLL = Duration.ofMillis(200);
    /**
     * How long a refused process rereads the lock file for the holder's pid: the holder writes it
     * just after it got the lock, so a process refused in between would find it empty.
     */
    static final Duration HOLDER_WRITE_WAIT_MAX = Duration.ofSeconds(3);
    /**
     * The byte locked, past the text: a lock on the whole file would keep other processes from
     * reading who holds it where locks are mandatory (Windows); on Linux and macOS either works.
     */
    private static final long LOCKED_BYTE = 1L << 20;
    private static final int COMMAND_CHARS_MAX = 300;

    /** Homes this JVM holds, by real path; guarded by the class. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    /**
     * How a process that finds the home in use behaves, and how it names itself to others.
     *
     * @param log     where waiting, and what the new owner sweeps, is said; null: nowhere
     * @param command this process as others see it, e.g. {@code ledgerflow daily --date 2026-11-20 ...}
     */
    public record Waiting(boolean waits, Duration waitMax, PrintWriter log, String command) {

        /** Refuse at once ({@link HomeInUseException}). */
        public static Waiting refuse(PrintWriter log, String command) {
            return new Waiting(false, Duration.ZERO, log, command);
        }

        /** Wait up to {@link #WAIT_MAX}, saying so on {@code log} (once, and again when the holder changes). */
        public static Waiting waitFor(PrintWriter log, String command) {
            return new Waiting(true, WAIT_MAX, log, command);
        }

        /** Refuse at once, naming this process by the command line that started it. */
        public static Waiting refuse() {
            return refuse(null, processCommand());
        }
    }

    /** This JVM's command line, the main class or jar shown as {@code ledgerflow}. */
    public static String processCommand() {
        String command = System.getProperty("sun.java.command", "");
        String[] words = command.strip().split("\\s+", 2);
        return "ledgerflow" + (words.length > 1 ? " " + words[1] : "");
    }

    /** A process as the lock file names it. */
    public record Owner(long pid, String command, Instant since) {
        @Override
        public String toString() {
            return "pid " + pid + " (" + command + "), since " + since;
        }
    }

    /** The JVM's hold on one home. */
    private static final class Held {
        final Path home;
        final FileChannel channel;
        final FileLock lock;
        final Owner self;
        /** The runner recorded when this process took the lock: whose RUNNING executions are dead. */
        final Owner previousRunner;
        Owner runner;
        int handles;
        boolean swept;

        Held(Path home, FileChannel channel, FileLock lock, Owner self, Owner previousRunner) {
            this.home = home;
            this.channel = channel;
            this.lock = lock;
            this.self = self;
            this.previousRunner = previousRunner;
            this.runner = previousRunner;
        }
    }

    private final Held held;
    private boolean closed;

    private HomeLock(Held held) {
        this.held = held;
    }

    /**
     * Takes the home for this process (creating the folder), or shares the hold this JVM has.
     *
     * @throws HomeInUseException when another process holds it (and {@code waiting} does not
     *                            wait, or waited {@link Waiting#waitMax} in vain)
     */
    public static HomeLock acquire(Path home, Waiting waiting) {
        Path key = realHome(home);
        Instant deadline = Instant.now().plus(waiting.waitMax());
        Owner announced = null;
        while (true) {
            Optional<HomeLock> taken = tryAcquire(key, waiting.command());
            if (taken.isPresent()) {
                if (announced != null && waiting.log() != null) {
                    waiting.log().println("ledgerflow: home " + home + " is free now; going on");
                    waiting.log().flush();
                }
                return taken.get();
            }
            Owner holder = holder(key);
            if (!waiting.waits() || !Instant.now().isBefore(deadline)) {
                throw new HomeInUseException(home, holder, waiting.waits() ? waiting.waitMax() : null);
            }
            if (waiting.log() != null && (announced == null || !announced.equals(holder))) {
                waiting.log().println("ledgerflow: home " + home + " is in use by " + describe(holder)
                        + "; waiting for it to end (--wait-for-home, at most " + waiting.waitMax().toHours() + " h)");
                waiting.log().flush();
            }
            announced = holder;
            sleep(WAIT_POLL);
        }
    }

    /** The home's real path; the folder is created when missing. */
    private static Path realHome(Path home) {
        try {
            Files.createDirectories(home);
            return home.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the home " + home, e);
        }
    }

    private static synchronized Optional<HomeLock> tryAcquire(Path home, String command) {
        Held held = HELD.get(home);
        if (held != null) {
            held.handles++;
            return Optional.of(new HomeLock(held));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(home.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock(LOCKED_BYTE, 1, false);
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            Properties before = read(channel);
            Owner self = new Owner(ProcessHandle.current().pid(), shorten(command), Instant.now());
            held = new Held(home, channel, lock, self, owner(before, "runner."));
            write(held);
            held.handles = 1;
            HELD.put(home, held);
            return Optional.of(new HomeLock(held));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the home " + home + " (" + home.resolve(FILE) + ")", e);
        }
    }

    /** The home this lock holds (its real path). */
    public Path home() {
        return held.home;
    }

    /** This process, as the lock file names it. */
    public Owner self() {
        return held.self;
    }

    /**
     * Once per hold of this process, true: the caller is the first to use the engines since this
     * process took the home, and sweeps what a dead runner left ({@link #previousRunner}).
     */
    public boolean takeSweep() {
        synchronized (HomeLock.class) {
            if (held.swept) {
                return false;
            }
            held.swept = true;
            return true;
        }
    }

    /** The process that ran executions on this home before this process took it; empty if none is recorded. */
    public Optional<Owner> previousRunner() {
        return Optional.ofNullable(held.previousRunner);
    }

    /** Records this process as the home's runner: executions it leaves RUNNING are its own. */
    public void claimRunner() {
        synchronized (HomeLock.class) {
            if (held.self.equals(held.runner)) {
                return;
            }
            held.runner = held.self;
            try {
                write(held);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + held.home.resolve(FILE), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (HomeLock.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--held.handles > 0) {
                return;
            }
            HELD.remove(held.home);
            try {
                held.lock.release();
            } catch (IOException e) {
                // the channel's close below releases it as well
            } finally {
                closeQuietly(held.channel);
            }
        }
    }

    /**
     * Who holds the home, as its lock file says; rereads briefly while the file names no live
     * process (the holder writes it just after taking the lock).
     */
    static Owner holder(Path home) {
        Instant deadline = Instant.now().plus(HOLDER_WRITE_WAIT_MAX);
        while (true) {
            Owner owner = null;
            try {
                owner = owner(read(home.resolve(FILE)), "");
            } catch (IOException e) {
                // unreadable for now: read again
            }
            boolean live = owner != null && owner.pid() != ProcessHandle.current().pid()
                    && ProcessHandle.of(owner.pid()).map(ProcessHandle::isAlive).orElse(false);
            if (live || !Instant.now().isBefore(deadline)) {
                return live ? owner : null;
            }
            sleep(Duration.ofMillis(50));
        }
    }

    static String describe(Owner holder) {
        return holder != null ? holder.toString() : "another process (it has not written its pid)";
    }

    private static void write(Held held) throws IOException {
        StringBuilder text = new StringBuilder("# the ledgerflow process using this home; the OS lock on this file is what counts\n");
        append(text, "", held.self);
        if (held.runner != null) {
            append(text, "runner.", held.runner);
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        if (bytes.remaining() >= LOCKED_BYTE) {
            throw new IllegalStateException("lock file text of " + bytes.remaining() + " bytes reaches the locked byte");
        }
        held.channel.truncate(0);
        long at = 0;
        while (bytes.hasRemaining()) {
            at += held.channel.write(bytes, at);
        }
        held.channel.force(false);
    }

    private static void append(StringBuilder text, String prefix, Owner owner) {
        text.append(prefix).append("pid=").append(owner.pid()).append('\n');
        text.append(prefix).append("command=").append(owner.command().replace('\n', ' ')).append('\n');
        text.append(prefix).append("since=").append(owner.since()).append('\n');
    }

    private static Properties read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), LOCKED_BYTE);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read it all
        }
        return parse(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
    }

    private static Properties read(Path file) throws IOException {
        return Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : new Properties();
    }

    private static Properties parse(String text) {
        Properties p = new Properties();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                p.setProperty(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return p;
    }

    private static Owner owner(Properties p, String prefix) {
        try {
            long pid = Long.parseLong(p.getProperty(prefix + "pid", ""));
            Instant since = Instant.parse(p.getProperty(prefix + "since", ""));
            return new Owner(pid, p.getProperty(prefix + "command", "?"), since);
        } catch (RuntimeException e) {
            return null; // absent or half written
        }
    }

    private static String shorten(String command) {
        String c = command == null || command.isBlank() ? "ledgerflow" : command.strip();
        return c.length() <= COMMAND_CHARS_MAX ? c : c.substring(0, COMMAND_CHARS_MAX) + "...";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the home", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
