package io.ledgerflow.core.daily.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.daily.start.DayStartResult.Status;
import io.ledgerflow.core.objectstore.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DayStarterTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DailySchedule SCHEDULE = DailySchedule.parse("cron(30 6 * * ? *)", TOKYO);
    private static final String INPUT = "ledgerflow-input";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    /** 06:30 JST on the 21st: the schedule's time for the 20th. */
    private static final Instant SCHEDULED = Instant.parse("2026-11-20T21:30:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ObjectStore objects;
    private RecordingExecutions executions;
    private DayStarter starter;

    @BeforeEach
    void setUp() {
        objects = new FileSystemObjectStore(dir);
        executions = new RecordingExecutions();
        starter = new DayStarter(DayStartSettings.withDefaults(SCHEDULE, INPUT, "daily/",
                new ObjectRef("ledgerflow-config", "rules.yaml"), "ledgerflow-work"), objects, executions);
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-20T21:30:00Z, 2026-11-20", // 06:30 JST on the 21st: UTC is still the 20th
            "2026-11-20T15:00:00Z, 2026-11-20", // 00:00 JST on the 21st
            "2026-11-20T14:59:59Z, 2026-11-19", // 23:59:59 JST on the 20th
            "2026-12-31T21:30:00Z, 2026-12-31", // 06:30 JST on New Year's Day: the last day of the year
            "2027-02-28T21:30:00Z, 2027-02-28"}) // 06:30 JST on March 1st
    void businessDate_isTheScheduledTimesTokyoDateMinusOneDay(String scheduledTime, String expected) {
        assertThat(DailySchedule.businessDateOf(Instant.parse(scheduledTime), TOKYO)).isEqualTo(LocalDate.parse(expected));
    }

    @Test
    void jstMorningSchedule_startsThePreviousTokyoDate() {
        // given the 20th's file
        put("daily/2026-11-20/sites.csv");

        // when the 06:30 JST schedule of the 21st fires
        DayStartResult result = starter.onSchedule(SCHEDULED);

        // then sched-2026-11-20 is started with the day's file and the CLI's workflow input
        assertThat(result.status()).isEqualTo(Status.STARTED);
        assertThat(result.businessDate()).isEqualTo(DAY);
        assertThat(executions.started).containsOnlyKeys("sched-2026-11-20");
        JsonNode input = executions.input("sched-2026-11-20");
        assertThat(input.path("runId").asText()).isEqualTo("sched-2026-11-20");
        assertThat(input.path("businessDate").asText()).isEqualTo("2026-11-20");
        assertThat(input.path("input").path("key").asText()).isEqualTo("daily/2026-11-20/sites.csv");
        assertThat(input.path("rules").path("bucket").asText()).isEqualTo("ledgerflow-config");
        assertThat(input.path("requestedBy").asText()).isEqualTo("scheduler");
        assertThat(input.fieldNames()).toIterable().containsExactly("runId", "businessDate", "encoding", "input", "rules",
                "workBucket", "partitionLines", "partitionsPerBatch", "maxConcurrency", "maxRejectPercent", "requestedBy",
                "reason");
    }

    @Test
    void retryWithTheSameScheduledTime_startsTheSameDayOnce() {
        // given a schedule that started the day
        put("daily/2026-11-20/sites.csv");
        starter.onSchedule(SCHEDULED);

        // when the scheduler retries the same scheduled time, minutes later
        DayStartResult retry = starter.onSchedule(SCHEDULED);

        // then it computes the same day and name, and starts nothing
        assertThat(retry.status()).isEqualTo(Status.ALREADY_STARTED);
        assertThat(retry.businessDate()).isEqualTo(DAY);
        assertThat(retry.executionName()).isEqualTo("sched-2026-11-20");
        assertThat(executions.startCalls).isEqualTo(2);
        assertThat(executions.started).hasSize(1);
    }

    @Test
    void noFileYet_startsNothing() {
        // given the bucket holds the previous day's file only
        put("daily/2026-11-19/sites.csv");

        DayStartResult result = starter.onSchedule(SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.NO_FILE_YET);
        assertThat(result.message()).contains("daily/2026-11-20/");
        assertThat(executions.startCalls).isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "daily/2026-11-20/sites.csv, 2026-11-20",
            "daily/2026-11-20/sub/sites.csv, 2026-11-20",
            "daily/2026-11-20/, ",
            "daily/2026-11-20.csv, ",
            "daily/2026-13-01/sites.csv, ",
            "daily/2026-02-30/sites.csv, ",
            "daily/20261120/sites.csv, ",
            "other/2026-11-20/sites.csv, ",
            "2026-11-20/sites.csv, "})
    void dateOfKey_isTheDateFolderUnderThePrefix(String key, String expected) {
        assertThat(starter.dateOfKey(key)).isEqualTo(Optional.ofNullable(expected).map(LocalDate::parse));
    }

    @Test
    void lateFile_beforeTheDaysScheduledTime_isIgnored() {
        // given the 20th's file, created one second before the 21st's 06:30 JST
        put("daily/2026-11-20/sites.csv");

        DayStartResult result = starter.onObjectCreated(INPUT, "daily/2026-11-20/sites.csv", SCHEDULED.minusSeconds(1));

        // then the schedule is left to start it
        assertThat(result.status()).isEqualTo(Status.NOT_DUE);
        assertThat(executions.startCalls).isZero();
    }

    @Test
    void lateFile_afterTheDaysScheduledTime_startsTheDay_andTheScheduleFindsItStarted() {
        put("daily/2026-11-20/sites.csv");

        DayStartResult late = starter.onObjectCreated(INPUT, "daily/2026-11-20/sites.csv", SCHEDULED.plusSeconds(1));
        DayStartResult scheduled = starter.onSchedule(SCHEDULED);

        assertThat(late.status()).isEqualTo(Status.STARTED);
        assertThat(executions.input("sched-2026-11-20").path("requestedBy").asText()).isEqualTo("late-file");
        // who asked differs, what runs does not: the day starts once
        assertThat(scheduled.status()).isEqualTo(Status.ALREADY_STARTED);
        assertThat(executions.started).hasSize(1);
    }

    @Test
    void lateFile_ofAnotherBucketOrKey_isIgnored() {
        assertThat(starter.onObjectCreated("elsewhere", "daily/2026-11-20/sites.csv", SCHEDULED).status())
                .isEqualTo(Status.IGNORED);
        assertThat(starter.onObjectCreated(INPUT, "daily/readme.txt", SCHEDULED).status()).isEqualTo(Status.IGNORED);
        assertThat(executions.startCalls).isZero();
    }

    @Test
    void aSecondFile_forADayThatRan_isRefused() {
        // given the day started with one file, which was then replaced by another name
        put("daily/2026-11-20/sites.csv");
        starter.onSchedule(SCHEDULED);
        executions.started.put("sched-2026-11-20", executions.started.get("sched-2026-11-20")
                .replace("sites.csv", "old.csv"));

        assertThatThrownBy(() -> starter.onSchedule(SCHEDULED)).isInstanceOf(DayStartedWithOtherInputException.class)
                .hasMessageContaining("ledgerflow rerun --date 2026-11-20");
    }

    @Test
    void twoFilesForADay_areRefused() {
        put("daily/2026-11-20/a.csv");
        put("daily/2026-11-20/b.csv");

        assertThatThrownBy(() -> starter.onSchedule(SCHEDULED)).isInstanceOf(AmbiguousDayFileException.class)
                .hasMessageContaining("a.csv").hasMessageContaining("b.csv");
        assertThat(executions.startCalls).isZero();
    }

    @Test
    void schedule_isADailyCronOnly() {
        assertThat(DailySchedule.parse("cron(5 23 * * ? *)", TOKYO).time()).isEqualTo(LocalTime.of(23, 5));
        assertThatThrownBy(() -> DailySchedule.parse("rate(1 day)", TOKYO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DailySchedule.parse("cron(30 6 ? * MON-FRI *)", TOKYO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DailySchedule.parse("cron(30 24 * * ? *)", TOKYO)).isInstanceOf(IllegalArgumentException.class);
    }

    private void put(String key) {
        objects.put(INPUT, key, "billing_id\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Step Functions' naming rule, as the port promises it: a taken name is refused unless running with the same input. */
    private static final class RecordingExecutions implements DailyExecutions {
        final Map<String, String> started = new LinkedHashMap<>();
        int startCalls;

        @Override
        public String start(String name, String input) {
            startCalls++;
            if (started.containsKey(name)) {
                throw new ExecutionNameTakenException("Execution Already Exists: " + name, null);
            }
            started.put(name, input);
            return "arn:test:execution:" + name;
        }

        @Override
        public Execution describe(String name) {
            return new Execution("arn:test:execution:" + name, "SUCCEEDED", started.get(name));
        }

        JsonNode input(String name) {
            try {
                return JSON.readTree(started.get(name));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
