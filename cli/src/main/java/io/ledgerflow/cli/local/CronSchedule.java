package io.ledgerflow.cli.local;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge Scheduler {@code cron(minutes hours day-of-month month day-of-week year)}
 * expression evaluated in its time zone. The six fields are Quartz's without its seconds, with
 * the same wildcards ({@code , - * ? / L W #}, day of week 1-7 from Sunday or SUN-SAT), so
 * cron-utils' Quartz definition parses them behind a seconds field of 0.
 *
 * <p>Daylight saving time as Scheduler handles it: a time that does not exist on the day the
 * clocks go forward is skipped, and a time that exists twice on the day they go back fires once,
 * at its first occurrence.
 */
final class CronSchedule {

    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final int FIELDS = 6;
    /** Candidates skipped in a row before giving up: a skipped DST time costs one, a year of them a few. */
    private static final int SKIPPED_MAX = 16;
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /**
     * @throws IllegalArgumentException for a rate() or at() expression (not run locally) or a
     *                                  cron() that Scheduler would refuse
     */
    static CronSchedule parse(String expression, ZoneId zone) {
        Matcher m = CRON.matcher(expression.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("schedule expression '" + expression
                    + "': local serve runs cron(...) expressions only (not rate() or at())");
        }
        String[] fields = m.group(1).trim().split("\\s+");
        if (fields.length != FIELDS) {
            throw new IllegalArgumentException("schedule expression '" + expression + "' has " + fields.length
                    + " fields; cron() takes 6: minutes hours day-of-month month day-of-week year");
        }
        Cron cron;
        try {
            cron = QUARTZ.parse("0 " + String.join(" ", fields)).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule expression '" + expression + "': " + e.getMessage(), e);
        }
        return new CronSchedule(expression, zone, ExecutionTime.forCron(cron));
    }

    /** The first time strictly after {@code after} that the schedule fires, if it ever does again. */
    Optional<Instant> nextAfter(Instant after) {
        ZonedDateTime from = after.atZone(zone);
        for (int skipped = 0; skipped < SKIPPED_MAX; skipped++) {
            Optional<ZonedDateTime> next = times.nextExecution(from);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            ZonedDateTime candidate = next.get();
            if (!candidate.toInstant().isAfter(after)) {
                from = from.plusMinutes(1); // a library edge: never fire twice for one time
            } else if (firesAt(candidate)) {
                return Optional.of(candidate.toInstant());
            } else {
                from = candidate;
            }
        }
        throw new IllegalStateException("schedule '" + expression + "' in " + zone + ": no time after " + after
                + " within " + SKIPPED_MAX + " candidates");
    }

    /**
     * A candidate fires unless its wall-clock time was moved into the day's gap (it names a time
     * that does not exist), or it is the second occurrence of a time repeated when clocks go back.
     */
    private boolean firesAt(ZonedDateTime candidate) {
        if (!times.isMatch(candidate)) {
            return false;
        }
        var offsets = zone.getRules().getValidOffsets(candidate.toLocalDateTime());
        return offsets.size() < 2 || candidate.getOffset().equals(offsets.getFirst());
    }

    ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return expression + " " + zone;
    }
}
