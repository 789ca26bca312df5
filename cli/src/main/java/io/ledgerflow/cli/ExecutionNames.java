package io.ledgerflow.cli;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Execution names that are new on every request: a rerun of a day, a close of a month. */
final class ExecutionNames {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");

    private ExecutionNames() {}

    /** {@code prefix-yyyyMMddTHHmmssSSSZ}, the time now in UTC (Step Functions' name rules allow it). */
    static String stamped(String prefix) {
        return prefix + "-" + STAMP.format(Clock.systemUTC().instant().atOffset(ZoneOffset.UTC));
    }
}
