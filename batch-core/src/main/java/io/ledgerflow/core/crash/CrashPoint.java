package io.ledgerflow.core.crash;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only switch for the crash-point campaign: halts the process, as {@code kill -9} would (no
 * shutdown hook, no flush, no finally block), at one named point of the daily or close workflow.
 * Off unless armed, and only the command line's {@code main} arms it, from the environment variable
 * {@value #ENV} (or the system property {@value #PROPERTY}); in-process tests and the Lambda
 * functions never do, so every hook below is one read of a null field.
 *
 * <p>Points: {@code state:<StateName>:entered|exited} (the embedded runtime, any depth, the first
 * time the state is reached), {@code write:<n>} (after the n-th {@code BatchWriteItem} of journal
 * entries in the process), {@code flip-purge} (after the day's pointer flipped to the new run,
 * before the replaced run is purged), {@code export-write} (inside the ledger export's job and its
 * open transaction, nothing committed), {@code export-commit} (after the ledger export's transaction
 * committed, before the month is marked exported), {@code after:<millis>} (at a moment: that long
 * after the process armed it).
 */
public final class CrashPoint {

    public static final String ENV = "LEDGERFLOW_CRASH_AT";
    public static final String PROPERTY = "ledgerflow.crashAt";
    /** The exit status of a process killed by SIGKILL, which is what a halt here stands for. */
    public static final int EXIT_STATUS = 137;
    /** What is printed on standard error just before the halt, followed by the point. */
    public static final String MARK = "ledgerflow: crash point reached: ";

    private static volatile String armed;
    private static final AtomicInteger ENTRY_WRITES = new AtomicInteger();

    private CrashPoint() {}

    /** Arms the point named by the environment or system property, if any (the command line's main only). */
    public static void armFromEnvironment() {
        String point = System.getProperty(PROPERTY, System.getenv(ENV));
        if (point != null && !point.isBlank()) {
            arm(point.strip());
        }
    }

    static void arm(String point) {
        if (point.startsWith("after:")) {
            long millis = Long.parseLong(point.substring("after:".length()));
            Thread.ofPlatform().daemon().name("crash-point").start(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                halt(point);
            });
            return;
        }
        if (!valid(point)) {
            throw new IllegalArgumentException(ENV + " names no crash point: " + point);
        }
        armed = point;
    }

    private static boolean valid(String point) {
        return List.of("flip-purge", "export-write", "export-commit").contains(point)
                || point.matches("write:[1-9][0-9]*")
                || point.matches("state:[^:]+:(entered|exited)");
    }

    /** Halts here when {@code point} is the armed one. */
    public static void reached(String point) {
        String wanted = armed;
        if (wanted != null && wanted.equals(point)) {
            halt(point);
        }
    }

    /** A state of the embedded runtime was entered ({@code exited} false) or exited. */
    public static void state(String name, boolean exited) {
        if (armed != null) {
            reached("state:" + name + (exited ? ":exited" : ":entered"));
        }
    }

    /** One {@code BatchWriteItem} of journal entries was answered. */
    public static void entriesWritten() {
        if (armed != null) {
            reached("write:" + ENTRY_WRITES.incrementAndGet());
        }
    }

    private static void halt(String point) {
        System.err.println(MARK + point);
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_STATUS);
    }
}
