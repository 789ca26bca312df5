package io.ledgerflow.console.aws;

import static io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
import io.ledgerflow.core.daily.DailyRunInput;
import io.ledgerflow.core.daily.ObjectRef;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's long work on AWS: a rerun or a close is an execution of the deployed state machine
 * (StartExecution, as {@code ledgerflow rerun --target aws} and {@code close --target aws} start
 * them, with the same inputs), and a job is that execution, followed with DescribeExecution. The
 * job id is the execution's ARN; only executions of the two state machines are described.
 */
public final class StepFunctionsJobs {

    /**
     * @param dailyStateMachineArn the daily journal state machine (a rerun is one of its executions)
     * @param closeStateMachineArn the monthly close state machine
     * @param rules                the rules file runs use (the config bucket's {@code RulesKey})
     * @param workBucket           where runs keep their partitions and results
     * @param company              the company segment of the export (the rules file's {@code company})
     */
    public record Settings(String dailyStateMachineArn, String closeStateMachineArn, ObjectRef rules, String workBucket,
            String company) {
        public Settings {
            Objects.requireNonNull(dailyStateMachineArn, "dailyStateMachineArn");
            Objects.requireNonNull(closeStateMachineArn, "closeStateMachineArn");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(workBucket, "workBucket");
            Objects.requireNonNull(company, "company");
        }
    }

    public static final String RERUN = "RERUN";
    public static final String CLOSE = "CLOSE";
    /** A reason is recorded with the run and the month's history: a sentence, not a document. */
    static final int REASON_CHARS_MAX = 500;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StepFunctionsClient sfn;
    private final Settings settings;
    private final Clock clock;

    public StepFunctionsJobs(StepFunctionsClient sfn, Settings settings, Clock clock) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts {@code rerun-DATE-STAMP} of the daily state machine on {@code file} (a corrected file
     * the browser uploaded under the console's prefix), recorded as requested by {@code by}.
     *
     * @return the job id (the execution's ARN)
     */
    public String startRerun(LocalDate date, ObjectRef file, String encoding, String reason, ConsoleUser by) {
        String runId = "rerun-" + date + "-" + stamp();
        ObjectNode input = new DailyRunInput(runId, date, encoding, file, settings.rules(), settings.workBucket(),
                DailyRunInput.DEFAULT_PARTITION_LINES, DailyRunInput.DEFAULT_PARTITIONS_PER_BATCH,
                DailyRunInput.DEFAULT_MAX_CONCURRENCY, new BigDecimal(DailyRunInput.DEFAULT_MAX_REJECT_PERCENT),
                by.name(), requireReason(reason)).toJson();
        return start(settings.dailyStateMachineArn(), runId, input);
    }

    /**
     * Starts {@code close-MONTH-STAMP} of the monthly close state machine, with the CLI's input.
     *
     * @param overrideReason non-null: proceed without a CI stage-2 attestation, recorded with {@code by}
     * @return the job id (the execution's ARN)
     */
    public String startClose(YearMonth month, ConsoleUser by, String overrideReason) {
        String name = "close-" + month + "-" + stamp();
        ObjectNode input = JSON.createObjectNode();
        input.put("month", month.toString()).put("requestedBy", by.name()).put("company", settings.company());
        if (overrideReason != null) {
            input.putObject("proceedWithoutAttestation").put("requestedBy", by.name()).put("reason", requireReason(overrideReason));
        } else {
            input.putNull("proceedWithoutAttestation");
        }
        return start(settings.closeStateMachineArn(), name, input);
    }

    /** The job {@code jobId} (an execution ARN of one of the two state machines), or empty for any other id. */
    public Optional<JobView> job(String jobId) {
        String kind = kindOf(jobId);
        if (kind == null) {
            return Optional.empty();
        }
        JsonNode d;
        try {
            d = sfn.describeExecution(jobId);
        } catch (StepFunctionsException.ExecutionDoesNotExist e) {
            return Optional.empty();
        }
        JsonNode input = json(d.path("input"));
        JsonNode output = json(d.path("output"));
        String subject = RERUN.equals(kind) ? input.path("businessDate").asText() : input.path("month").asText();
        String resultId = RERUN.equals(kind) ? text(output.path("runId")) : text(output.path("batch").path("batchId"));
        return Optional.of(new JobView(jobId, kind, subject, state(d.path("status").asText()),
                input.path("requestedBy").asText(), timestamp(d.path("startDate")), timestamp(d.path("stopDate")), 0, 0, 0, 0,
                -1, List.of(), text(d.path("error")), text(d.path("cause")), resultId));
    }

    private String start(String stateMachineArn, String name, ObjectNode input) {
        try {
            return sfn.startExecution(stateMachineArn, name, input.toString()).path("executionArn").asText();
        } catch (StepFunctionsException.ExecutionAlreadyExists e) {
            // Stamped to the millisecond: only a double submission of one form gets here.
            throw new ConsoleRefusedException("already started: " + name);
        }
    }

    /** RERUN or CLOSE for an execution ARN of the daily or close state machine, else null. */
    private String kindOf(String jobId) {
        if (jobId == null) {
            return null;
        }
        if (jobId.startsWith(executionPrefix(settings.dailyStateMachineArn()) + "rerun-")) {
            return RERUN;
        }
        if (jobId.startsWith(executionPrefix(settings.closeStateMachineArn()) + "close-")) {
            return CLOSE;
        }
        return null;
    }

    private static String executionPrefix(String stateMachineArn) {
        return StepFunctionsClient.executionArn(stateMachineArn, "");
    }

    /** Step Functions' statuses as the page's: RUNNING (and PENDING_REDRIVE), SUCCEEDED, else FAILED. */
    private static String state(String status) {
        return switch (status) {
            case "RUNNING", "PENDING_REDRIVE" -> "RUNNING";
            case "SUCCEEDED" -> "SUCCEEDED";
            default -> "FAILED";
        };
    }

    private String stamp() {
        return STAMP.format(clock.instant().atOffset(ZoneOffset.UTC));
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > REASON_CHARS_MAX) {
            throw new ConsoleRefusedException("a reason of 1 to " + REASON_CHARS_MAX + " characters is recorded: say why");
        }
        return reason.strip();
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static JsonNode json(JsonNode text) {
        if (!text.isTextual()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text.asText());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
