package io.ledgerflow.core.daily.start;

import io.ledgerflow.core.daily.ObjectRef;
import java.time.LocalDate;

/**
 * What a trigger of the day's start did. {@code executionName}, {@code executionId} and
 * {@code file} are null when nothing was started ({@link Status#NO_FILE_YET}, {@link Status#NOT_DUE},
 * {@link Status#IGNORED}); {@code executionStatus} is set for {@link Status#ALREADY_STARTED} only.
 */
public record DayStartResult(Status status, LocalDate businessDate, String executionName, String executionId,
                             String executionStatus, ObjectRef file, String message) {

    public enum Status {
        /** The day's execution was started (or was running with the same input: the same execution). */
        STARTED,
        /** The day's execution exists with the same input: a retry or a second trigger; nothing done. */
        ALREADY_STARTED,
        /** No file under the day's prefix yet: the late-file trigger will start the day. */
        NO_FILE_YET,
        /** A file's event before the day's scheduled time: the schedule will start the day. */
        NOT_DUE,
        /** An event about an object that is not a day's file (another bucket, a key without a date). */
        IGNORED
    }
}
