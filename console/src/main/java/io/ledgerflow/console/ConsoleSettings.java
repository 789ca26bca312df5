package io.ledgerflow.console;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How the console app behaves; {@link #defaults} are the local console's.
 *
 * @param clock the console's clock (which month the landing page shows; audit times)
 * @param zone the business time zone (Asia/Tokyo: configuration, not an assumption)
 * @param uploadBytesMax a corrected file larger than this is refused before anything is stored
 * @param uploadDirectory where uploads wait for their confirmation (deleted after)
 * @param rejectsShownMax rejects listed on the day page (all of them are in the CSV download)
 * @param auditEventsMax audit events listed (and exported) per month, at most
 */
public record ConsoleSettings(Clock clock, ZoneId zone, long uploadBytesMax, Path uploadDirectory, int rejectsShownMax,
        int auditEventsMax) {

    public static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Tokyo");
    /** A day's file through the browser: 100 MiB (bigger days go through the CLI or S3). */
    public static final long UPLOAD_BYTES_MAX_DEFAULT = 100L * 1024 * 1024;

    public ConsoleSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(uploadDirectory, "uploadDirectory");
        if (uploadBytesMax < 1 || rejectsShownMax < 1 || auditEventsMax < 1) {
            throw new IllegalArgumentException("limits are positive");
        }
    }

    public static ConsoleSettings defaults(Path uploadDirectory) {
        return new ConsoleSettings(Clock.systemUTC(), BUSINESS_ZONE, UPLOAD_BYTES_MAX_DEFAULT, uploadDirectory, 1_000, 5_000);
    }

    public ConsoleSettings withUploadBytesMax(long bytes) {
        return new ConsoleSettings(clock, zone, bytes, uploadDirectory, rejectsShownMax, auditEventsMax);
    }

    public ConsoleSettings withClock(Clock newClock) {
        return new ConsoleSettings(newClock, zone, uploadBytesMax, uploadDirectory, rejectsShownMax, auditEventsMax);
    }
}
