package io.ledgerflow.core.daily.start;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daily schedule, in the business time zone: it runs once a day at {@code time}, for the
 * previous calendar day. Only the form the template uses is understood, an EventBridge Scheduler
 * {@code cron(MINUTE HOUR * * ? *)} with fixed numbers (every day at one time); anything else is
 * refused when the function starts, rather than guessed at.
 */
public record DailySchedule(LocalTime time, ZoneId zone) {

    private static final Pattern DAILY_CRON = Pattern.compile("cron\\(\\s*(\\d{1,2})\\s+(\\d{1,2})\\s+\\*\\s+\\*\\s+\\?\\s+\\*\\s*\\)");

    /** Parses {@code cron(M H * * ? *)}; throws IllegalArgumentException for any other expression. */
    public static DailySchedule parse(String expression, ZoneId zone) {
        Matcher m = DAILY_CRON.matcher(expression.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("daily schedule '" + expression
                    + "' is not of the form cron(MINUTE HOUR * * ? *) (one run a day at a fixed time)");
        }
        int minute = Integer.parseInt(m.group(1));
        int hour = Integer.parseInt(m.group(2));
        if (minute > 59 || hour > 23) {
            throw new IllegalArgumentException("daily schedule '" + expression + "': no such time of day");
        }
        return new DailySchedule(LocalTime.of(hour, minute), zone);
    }

    /**
     * The business date of a run scheduled at {@code scheduledTime}: its calendar date in the zone,
     * minus one day. Not "now": a retry or a late delivery of the same schedule gives the same date.
     */
    public static LocalDate businessDateOf(Instant scheduledTime, ZoneId zone) {
        return scheduledTime.atZone(zone).toLocalDate().minusDays(1);
    }

    /** When the run for {@code businessDate} is scheduled: the next day at {@link #time} in the zone. */
    public Instant scheduledTimeOf(LocalDate businessDate) {
        return businessDate.plusDays(1).atTime(time).atZone(zone).toInstant();
    }
}
