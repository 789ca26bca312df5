package io.ledgerflow.console.backend;

/** A business day as the month view shows it. */
public enum DayState {
    /** No run at all: no file came (and nobody said so yet). */
    NO_FILE,
    /** No file, and a person marked the day so, with a reason: the close counts it as accounted for. */
    NO_FILE_MARKED,
    /** A run is under way (the page shows its progress). */
    RUNNING,
    /** The day has a published (current) run, and its last run did not fail. */
    PUBLISHED,
    /** The day's last run failed with no later success: it blocks the close. */
    FAILED
}
