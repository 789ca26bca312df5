package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.core.daily.start.DayStartResult;
import io.ledgerflow.core.daily.start.DayStarter;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Function {@code ledgerflow-start-day} (not a Task: the schedule and the late-file rule call it):
 * starts the day's daily workflow once. Two events:
 * <ul>
 *   <li>the EventBridge Scheduler's input, {@code {"trigger":"schedule","scheduledTime":"2026-11-20T21:30:00Z"}}
 *       (the template passes {@code <aws.scheduler.scheduled-time>});</li>
 *   <li>an EventBridge {@code Object Created} event of S3 ({@code source} {@code aws.s3}), whose
 *       {@code detail.bucket.name}, {@code detail.object.key} and {@code time} are read.</li>
 * </ul>
 * Returns what it did ({@link DayStartResult}); a refusal throws, so that the trigger retries and
 * then dead-letters (which pages).
 */
public final class StartDayHandler extends JsonHandler<JsonNode, DayStartResult> {

    private final DayStarter starter;

    /** For the Lambda runtime: collaborators from the environment, built on first use. */
    public StartDayHandler() {
        this(null);
    }

    public StartDayHandler(DayStarter starter) {
        super(JsonNode.class);
        this.starter = starter;
    }

    @Override
    DayStartResult handle(JsonNode event, Context context) {
        DayStarter s = starter != null ? starter : StartDayEnvironment.starter();
        DayStartResult result;
        if ("schedule".equals(event.path("trigger").asText())) {
            result = s.onSchedule(instant(event, "scheduledTime"));
        } else if ("aws.s3".equals(event.path("source").asText()) && "Object Created".equals(event.path("detail-type").asText())) {
            JsonNode detail = event.path("detail");
            result = s.onObjectCreated(text(detail.path("bucket"), "name"), text(detail.path("object"), "key"),
                    instant(event, "time"));
        } else {
            throw new IllegalArgumentException("not a schedule or S3 Object Created event: " + event);
        }
        if (context != null) {
            context.getLogger().log(result.status() + " " + result.businessDate() + ": " + result.message());
        }
        return result;
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("event field '" + field + "' is not an ISO-8601 instant: " + node.path(field), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("event has no '" + field + "'");
        }
        return value.asText();
    }
}
