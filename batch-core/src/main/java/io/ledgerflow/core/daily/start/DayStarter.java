package io.ledgerflow.core.daily.start;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.daily.DailyRunInput;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.daily.start.DailyExecutions.Execution;
import io.ledgerflow.core.daily.start.DayStartResult.Status;
import io.ledgerflow.core.objectstore.ObjectStore;
import io.ledgerflow.core.objectstore.ObjectSummary;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Starts a day's daily workflow once, from the schedule (its scheduled time) or from a late file
 * (its key and event time): derives the business date, finds the day's file, and starts the
 * execution {@code sched-DATE} with the input {@code ledgerflow daily} would give. Every trigger
 * of a day computes the same name and input, so a retried schedule, a duplicate event, or the
 * schedule and the late file both firing start the day once (docs/aws.md).
 */
public final class DayStarter {

    /** Execution names of scheduled starts; the CLI's are {@code daily-DATE} and {@code rerun-DATE-stamp}. */
    public static final String EXECUTION_NAME_PREFIX = "sched-";
    public static final String REQUESTED_BY_SCHEDULE = "scheduler";
    public static final String REQUESTED_BY_LATE_FILE = "late-file";
    /** Keys listed under a day's prefix, at most: one is expected, two are already a refusal. */
    static final int DAY_KEYS_LISTED_MAX = 10;
    /**
     * Who and why differ between the schedule and the late-file trigger of the same day; an
     * existing execution is the same run when everything else (date, file, rules, tuning) is equal.
     */
    private static final Set<String> NOT_COMPARED = Set.of("requestedBy", "reason");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DayStartSettings settings;
    private final ObjectStore objects;
    private final DailyExecutions executions;

    public DayStarter(DayStartSettings settings, ObjectStore objects, DailyExecutions executions) {
        this.settings = settings;
        this.objects = objects;
        this.executions = executions;
    }

    /** The schedule fired for {@code scheduledTime} (the same on every retry): start the previous business date. */
    public DayStartResult onSchedule(Instant scheduledTime) {
        LocalDate date = DailySchedule.businessDateOf(scheduledTime, settings.schedule().zone());
        return start(date, REQUESTED_BY_SCHEDULE, "scheduled daily run");
    }

    /**
     * An object was created at {@code eventTime}: if it is a day's file and the day's scheduled
     * time has passed (before it, the file is on time and the schedule's to start), start that day.
     */
    public DayStartResult onObjectCreated(String bucket, String key, Instant eventTime) {
        Optional<LocalDate> date = bucket.equals(settings.inputBucket()) ? dateOfKey(key) : Optional.empty();
        if (date.isEmpty()) {
            return notStarted(Status.IGNORED, null, "s3://" + bucket + "/" + key + " is not a day's file (expected s3://"
                    + settings.inputBucket() + "/" + settings.inputPrefix() + "yyyy-MM-dd/NAME)");
        }
        Instant due = settings.schedule().scheduledTimeOf(date.get());
        if (eventTime.isBefore(due)) {
            return notStarted(Status.NOT_DUE, date.get(), "s3://" + bucket + "/" + key + " arrived at " + eventTime
                    + ", before the day's scheduled time " + due + ": the schedule starts the day");
        }
        return start(date.get(), REQUESTED_BY_LATE_FILE, "late file");
    }

    /** The business date in a day's file key ({@code PREFIX yyyy-MM-dd/NAME}), or empty for any other key. */
    public Optional<LocalDate> dateOfKey(String key) {
        String prefix = settings.inputPrefix();
        int dateLength = "yyyy-MM-dd".length();
        if (!key.startsWith(prefix) || key.endsWith("/") || key.length() <= prefix.length() + dateLength + 1
                || key.charAt(prefix.length() + dateLength) != '/') {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(key.substring(prefix.length(), prefix.length() + dateLength),
                    DateTimeFormatter.ISO_LOCAL_DATE));
        } catch (DateTimeException notADate) {
            return Optional.empty();
        }
    }

    /** The deterministic name of a day's scheduled execution, which is also its run id. */
    public static String executionName(LocalDate date) {
        return EXECUTION_NAME_PREFIX + date;
    }

    private DayStartResult start(LocalDate date, String requestedBy, String reason) {
        String prefix = settings.inputPrefix() + date + "/";
        List<String> keys = objects.list(settings.inputBucket(), prefix, null, DAY_KEYS_LISTED_MAX).stream()
                .map(ObjectSummary::key).filter(k -> !k.endsWith("/")).toList();
        if (keys.isEmpty()) {
            return notStarted(Status.NO_FILE_YET, date, "no file yet under s3://" + settings.inputBucket() + "/" + prefix);
        }
        if (keys.size() > 1) {
            throw new AmbiguousDayFileException(date + ": more than one file under s3://" + settings.inputBucket() + "/"
                    + prefix + " " + keys + "; run the day by hand with 'ledgerflow daily' or 'ledgerflow rerun'");
        }
        ObjectRef file = new ObjectRef(settings.inputBucket(), keys.get(0));
        String name = executionName(date);
        String input = executionInput(date, name, file, requestedBy, reason);
        try {
            String id = executions.start(name, input);
            return new DayStartResult(Status.STARTED, date, name, id, null, file, "started " + name + " with " + file);
        } catch (ExecutionNameTakenException taken) {
            Execution existing = executions.describe(name);
            if (!sameRun(input, existing.input())) {
                throw new DayStartedWithOtherInputException(date + ": execution " + name + " (" + existing.status()
                        + ") exists with another input than " + file + ": " + existing.input()
                        + "; to replace the day, use 'ledgerflow rerun --date " + date + "'");
            }
            return new DayStartResult(Status.ALREADY_STARTED, date, name, existing.id(), existing.status(), file,
                    name + " already started with " + file + " (" + existing.status() + ")");
        }
    }

    /** The daily workflow's input, as {@code ledgerflow daily} builds it. */
    private String executionInput(LocalDate date, String runId, ObjectRef file, String requestedBy, String reason) {
        return new DailyRunInput(runId, date, settings.encoding(), file, settings.rules(), settings.workBucket(),
                settings.partitionLines(), settings.partitionsPerBatch(), settings.maxConcurrency(),
                settings.maxRejectPercent(), requestedBy, reason).toJson().toString();
    }

    /** Both inputs read back as JSON (so that 1.0 equals 1.0 whatever wrote it), less who and why. */
    private static boolean sameRun(String ours, String theirs) {
        try {
            JsonNode a = JSON.readTree(ours);
            JsonNode b = theirs == null ? null : JSON.readTree(theirs);
            if (!(b instanceof ObjectNode other)) {
                return false;
            }
            ((ObjectNode) a).remove(NOT_COMPARED);
            other.remove(NOT_COMPARED);
            return a.equals(other);
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }

    private static DayStartResult notStarted(Status status, LocalDate date, String message) {
        return new DayStartResult(status, date, null, null, null, null, message);
    }
}
