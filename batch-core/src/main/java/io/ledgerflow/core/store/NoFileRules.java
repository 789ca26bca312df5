package io.ledgerflow.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * The rules of a day's no-file mark, for every {@link JournalStore} adapter. Pure: an adapter reads
 * the month's state, the day's current run and its mark, asks these rules, and makes its write
 * conditional on what it read (the month still OPEN, still no current run, the mark as it was).
 *
 * <ul>
 *   <li>Marking needs who and why, a month that is OPEN, a day with no published run, and a day
 *       that is not marked already (a second mark would hide the first one's reason).</li>
 *   <li>Unmarking needs who and why, a month that is OPEN (a closed month's facts stay as the close
 *       saw them; reopen it first) and a mark to take back.</li>
 *   <li>A run published for the day outranks the mark: the day is published, and the mark stays on
 *       record, no longer in force ({@link #inForce}). So a file that arrives after all needs no
 *       unmark.</li>
 * </ul>
 */
public final class NoFileRules {

    /** A reason is recorded in the day's item and shown on pages: at most this many characters. */
    public static final int REASON_CHARS_MAX = 500;
    /** Who marked (an OS user, an AWS ARN, a console user, with "(as NAME)"): at most this many characters. */
    public static final int BY_CHARS_MAX = 512;

    private NoFileRules() {}

    /** Decides a mark: returns the mark to record, or throws naming why not. */
    public static NoFileMark mark(LocalDate date, PeriodState monthState, Optional<RunRecord> current,
            Optional<NoFileMark> existing, String by, String reason, Instant now) {
        requireWhoAndWhy("marking " + date + " as having no file", by, reason);
        PeriodRules.requireOpen(YearMonth.from(date), monthState, "marking " + date + " as having no file");
        if (current.isPresent()) {
            throw new NoFileRefusedException(date + " has a published run (" + current.get().runId() + ", requested by "
                    + current.get().requestedBy() + "); a day with a file is not marked as having none");
        }
        if (existing.isPresent()) {
            NoFileMark mark = existing.get();
            throw new NoFileRefusedException(date + " is already marked as having no file (by " + mark.by() + " at "
                    + mark.at() + ": " + mark.reason() + "); unmark it first to record another reason");
        }
        return new NoFileMark(date, by.strip(), reason.strip(), now);
    }

    /** Decides an unmark: returns the mark taken back, or throws naming why not. */
    public static NoFileMark unmark(LocalDate date, PeriodState monthState, Optional<NoFileMark> existing, String by,
            String reason) {
        requireWhoAndWhy("unmarking " + date + " (no file)", by, reason);
        PeriodRules.requireOpen(YearMonth.from(date), monthState, "unmarking " + date);
        return existing.orElseThrow(() -> new NoFileRefusedException(date + " is not marked as having no file"));
    }

    /** The mark if it still counts: a day with a published run is published, whatever its mark says. */
    public static Optional<NoFileMark> inForce(Optional<NoFileMark> mark, Optional<RunRecord> current) {
        return current.isPresent() ? Optional.empty() : mark;
    }

    private static void requireWhoAndWhy(String what, String by, String reason) {
        if (by == null || by.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(what + " needs who and why (both recorded)");
        }
        if (reason.strip().length() > REASON_CHARS_MAX || by.strip().length() > BY_CHARS_MAX) {
            throw new IllegalArgumentException(what + ": the reason has at most " + REASON_CHARS_MAX
                    + " characters and who at most " + BY_CHARS_MAX);
        }
    }
}
