package io.ledgerflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EventBridge Scheduler's cron expressions, in their time zone, as its documentation describes
 * them (docs/aws.md: six fields, Quartz's wildcards, daylight saving time).
 */
class CronScheduleTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void theDailySchedule_firesAt0630Tokyo_everyDay() {
        CronSchedule daily = CronSchedule.parse("cron(30 6 * * ? *)", TOKYO);

        assertThat(times(daily, "2026-11-20T21:29:59Z", 3)).containsExactly(
                "2026-11-20T21:30:00Z", "2026-11-21T21:30:00Z", "2026-11-22T21:30:00Z");
        assertThat(daily.nextAfter(Instant.parse("2026-11-20T21:30:00Z"))).as("strictly after")
                .contains(Instant.parse("2026-11-21T21:30:00Z"));
    }

    @Test
    void theCloseDeadlineSchedule_firesOnWeekdaysOnly() {
        CronSchedule weekdays = CronSchedule.parse("cron(0 10 ? * MON-FRI *)", TOKYO);

        // Friday 2026-11-27, then Monday 2026-11-30 (10:00 JST is 01:00 UTC)
        assertThat(times(weekdays, "2026-11-27T00:00:00Z", 2)).containsExactly("2026-11-27T01:00:00Z", "2026-11-30T01:00:00Z");
    }

    @Test
    void lastDayOfMonth_andNthWeekday_andAYearRange() {
        assertThat(times(CronSchedule.parse("cron(0 5 L * ? *)", TOKYO), "2026-02-01T00:00:00Z", 2))
                .containsExactly("2026-02-27T20:00:00Z", "2026-03-30T20:00:00Z");
        assertThat(times(CronSchedule.parse("cron(0 9 ? * 2#1 *)", TOKYO), "2026-11-01T00:00:00Z", 1))
                .as("the first Monday").containsExactly("2026-11-02T00:00:00Z");
        assertThat(CronSchedule.parse("cron(0 0 1 1 ? 2027)", TOKYO).nextAfter(Instant.parse("2027-01-01T00:00:00Z")))
                .as("no time after the last year").isEmpty();
    }

    @Test
    void aTimeInTheSpringGap_isSkipped_andARepeatedAutumnTime_firesOnce() {
        CronSchedule at0230 = CronSchedule.parse("cron(30 2 * * ? *)", NEW_YORK);
        CronSchedule at0130 = CronSchedule.parse("cron(30 1 * * ? *)", NEW_YORK);

        // 2026-03-08: clocks go from 02:00 to 03:00, so 02:30 does not exist that day
        assertThat(times(at0230, "2026-03-07T00:00:00Z", 2)).containsExactly(
                "2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z");
        // 2026-11-01: 01:00-02:00 happens twice; 01:30 EDT (05:30Z) only, not 01:30 EST (06:30Z)
        assertThat(times(at0130, "2026-10-31T12:00:00Z", 2)).containsExactly(
                "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z");
    }

    @Test
    void rateAndAtExpressions_andMalformedCrons_areRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("rate(5 minutes)", TOKYO))
                .hasMessageContaining("local serve runs cron(...) expressions only");
        assertThatThrownBy(() -> CronSchedule.parse("cron(30 6 * * ?)", TOKYO))
                .hasMessageContaining("has 5 fields; cron() takes 6");
        assertThatThrownBy(() -> CronSchedule.parse("cron(30 6 * * * *)", TOKYO))
                .as("day-of-month and day-of-week both set").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronSchedule.parse("cron(61 6 * * ? *)", TOKYO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> times(CronSchedule schedule, String after, int count) {
        List<String> out = new ArrayList<>();
        Instant t = Instant.parse(after);
        for (int i = 0; i < count; i++) {
            t = schedule.nextAfter(t).orElseThrow();
            out.add(t.toString());
        }
        return out;
    }
}
