package io.ledgerflow.cli;

import io.ledgerflow.core.journal.JournalRun;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Starts {@code journalize}'s reading (rules, then the billing file) while picocli is still building
 * its model and parsing the arguments: that takes a quarter of a second of one core at start (its
 * classes predate Java 6, so the start-up cache cannot hold them), and reading does not depend on
 * anything picocli does. The arguments are read here the simple way, for their values only;
 * {@link JournalizeCommand#call} takes this run's result only when picocli read the same values,
 * and after its own checks, so what it reports, and in what order, is unchanged: any failure of
 * the reading is kept and thrown there, at the point where the command would have met it. When
 * the arguments are anything but plain options with values, nothing starts early.
 *
 * <p>Reading has no effect outside the process (it writes nothing); a run whose result is not taken
 * (a usage error, other values) is simply dropped.
 */
final class EarlyJournalize {

    /** The run started for the command line being executed on this thread, if any. */
    private static final ThreadLocal<EarlyJournalize> CURRENT = new ThreadLocal<>();

    private final LocalDate date;
    private final Path input;
    private final Path rules;
    private final Charset encoding;
    private final FutureTask<JournalRun> task;

    private EarlyJournalize(LocalDate date, Path input, Path rules, Charset encoding) {
        this.date = date;
        this.input = input;
        this.rules = rules;
        this.encoding = encoding;
        this.task = new FutureTask<>(() -> JournalizeCommand.read(date, input, rules, encoding));
    }

    /**
     * Starts the reading for {@code args} ({@code journalize ...}) when they are plain and name a
     * regular file (never a pipe or a device, which the reading would drain); see the class.
     */
    static void start(String[] args) {
        CURRENT.remove();
        EarlyJournalize early = parse(args);
        if (early != null && Files.isRegularFile(early.input)) {
            CURRENT.set(early);
            Thread.ofPlatform().name("journalize-early").daemon().start(early.task);
        }
    }

    /**
     * Forgets this thread's run (the command line is done) and stops it if the command did not take
     * it (a usage error, a check that failed first, other values): it holds the file open and both
     * cores busy, which an in-process caller would otherwise carry into whatever it runs next.
     */
    static void clear() {
        EarlyJournalize early = CURRENT.get();
        CURRENT.remove();
        if (early != null) {
            early.task.cancel(true);
        }
    }

    /**
     * The result of the run started for exactly these values, or null when none was (the command
     * then reads itself). A failure of the reading is thrown as the reading threw it.
     */
    static JournalRun take(LocalDate date, Path input, Path rules, Charset encoding) {
        EarlyJournalize early = CURRENT.get();
        CURRENT.remove();
        if (early == null) {
            return null;
        }
        if (!early.date.equals(date) || !early.input.equals(input) || !early.rules.equals(rules)
                || !early.encoding.equals(encoding)) {
            early.task.cancel(true);
            return null;
        }
        try {
            return early.task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + input, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The values of {@code journalize --date D --input F --rules R [--encoding C] [other options with values]}, or null. */
    private static EarlyJournalize parse(String[] args) {
        String date = null;
        String input = null;
        String rules = null;
        String encoding = "UTF-8";
        for (int i = 1; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length || !option.startsWith("--") || option.contains("=") || args[i + 1].startsWith("-")) {
                return null; // not the plain shape: help, a flag, an attached value, a missing value
            }
            String value = args[i + 1];
            switch (option) {
                case "--date" -> date = value;
                case "--input" -> input = value;
                case "--rules" -> rules = value;
                case "--encoding" -> encoding = value;
                case "--out", "--rejects", "--max-reject-percent" -> { }
                default -> {
                    return null;
                }
            }
        }
        try {
            return new EarlyJournalize(LocalDate.parse(Objects.requireNonNull(date)), Path.of(Objects.requireNonNull(input)),
                    Path.of(Objects.requireNonNull(rules)), Charset.forName(encoding));
        } catch (RuntimeException e) {
            return null; // picocli says what is wrong with them
        }
    }
}
