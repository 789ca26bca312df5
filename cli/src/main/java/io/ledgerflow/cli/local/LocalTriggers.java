package io.ledgerflow.cli.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.cli.local.LocalS3.ObjectCreated;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.StatesError;
import io.ledgerflow.workflows.template.AsyncInvokeConfig;
import io.ledgerflow.workflows.template.EmbeddedStack;
import io.ledgerflow.workflows.template.EventRuleSpec;
import io.ledgerflow.workflows.template.FunctionSpec;
import io.ledgerflow.workflows.template.ScheduleSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What starts work on AWS with no one calling an API, under {@code local serve}: the template's
 * EventBridge Scheduler schedules (their cron expressions in their time zones) and its EventBridge
 * rules on the {@code Object Created} events of the buckets that send events to EventBridge. Each
 * invokes its target function of the deployed template asynchronously, as Lambda does: the
 * trigger never waits for the function; a function error is retried as the function's
 * EventInvokeConfig says (by default twice, one minute then two minutes later, while the event is
 * younger than its maximum age); then the event is dropped, and the log names the on-failure
 * destination AWS would send it to. Every outcome is one line in the log.
 *
 * <p>Not modelled (docs/aws.md): Scheduler's and EventBridge's own delivery retries and dead-letter
 * queues (an in-process delivery does not fail to arrive), Lambda's throttling, at-least-once
 * duplicates, a schedule's flexible time window, start and end dates, and times missed while the
 * server was not running (Scheduler fires for none of them either).
 */
public final class LocalTriggers implements AutoCloseable {

    /** Lambda's wait before the first retry of a failed asynchronous invocation; the second waits twice as long. */
    public static final Duration LAMBDA_FIRST_RETRY_DELAY = Duration.ofMinutes(1);
    /** Events waiting for their function at once, at most; past it an event is dropped (and logged). */
    static final int PENDING_EVENTS_MAX = 1_000;
    /** Threads invoking functions at once: triggers are few and their functions short. */
    private static final int THREADS = 2;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /**
     * How often a schedule's timer reads the triggers' clock again until its time comes: it fires
     * when that clock reaches the time (within this much), not after a delay measured once, so a
     * clock that jumps (an NTP step, a machine waking from sleep, a clock a test moves) is followed.
     */
    private static final long TIMER_CHECK_MILLIS = 1_000;
    private static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Which triggers run, and on what clock: the schedules fire at the clock's times and a file's
     * event carries the clock's time (a clock offset from the system's moves the triggers' day,
     * not the engines').
     *
     * @param firstRetryDelay Lambda's one minute, or shorter in tests
     */
    public record Settings(boolean schedules, boolean fileEvents, Clock clock, Duration firstRetryDelay) {

        /** No triggers: {@code local serve} as a plain API server. */
        public static final Settings OFF = new Settings(false, false, Clock.systemUTC(), LAMBDA_FIRST_RETRY_DELAY);

        /** Both triggers on {@code clock}, with Lambda's retry delays. */
        public static Settings on(Clock clock) {
            return new Settings(true, true, clock, LAMBDA_FIRST_RETRY_DELAY);
        }

        public boolean any() {
            return schedules || fileEvents;
        }
    }

    /**
     * A clock that reads {@code start} when it is first read (when the triggers start, not when the
     * engines began starting) and runs at the system clock's pace from there: a schedule's time a
     * few seconds after {@code start} comes a few seconds after the server is ready.
     */
    public static Clock startingAt(Instant start) {
        return new StartingClock(start, Clock.systemUTC());
    }

    private static final class StartingClock extends Clock {
        private final Instant start;
        private final Clock system;
        private Duration offset;

        StartingClock(Instant start, Clock system) {
            this.start = start;
            this.system = system;
        }

        @Override
        public synchronized Instant instant() {
            Instant now = system.instant();
            if (offset == null) {
                offset = Duration.between(now, start);
            }
            return now.plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the triggers' clock is read as instants only");
        }

        @Override
        public String toString() {
            return "StartingClock[" + start + "]";
        }
    }

    private final EmbeddedStack stack;
    private final LambdaFunctions functions;
    private final Settings settings;
    private final PrintWriter log;
    private final Set<String> eventBuckets;
    private final List<EventRuleSpec> rules;
    private final List<EventPattern> patterns;
    private final ScheduledThreadPoolExecutor threads;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong sequencer = new AtomicLong();
    private final List<String> described = new ArrayList<>();
    private Runnable unsubscribe = () -> { };

    private LocalTriggers(EmbeddedStack stack, LambdaFunctions functions, Settings settings, PrintWriter log) {
        this.stack = stack;
        this.functions = functions;
        this.settings = settings;
        this.log = log;
        this.eventBuckets = Set.copyOf(stack.eventBridgeBuckets());
        this.rules = settings.fileEvents() ? stack.eventRules().stream().filter(EventRuleSpec::enabled).toList() : List.of();
        this.patterns = rules.stream().map(r -> EventPattern.of(r.eventPattern())).toList();
        this.threads = new ScheduledThreadPoolExecutor(THREADS, Thread.ofPlatform().name("local-triggers-", 1).daemon(true).factory());
        this.threads.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Reads the stack's triggers and starts those {@code settings} turn on: the schedules' timers,
     * and a listener on {@code s3} for the objects created over it.
     *
     * @param functions the deployed template's functions, which the targets name
     * @throws IllegalArgumentException when a trigger cannot run locally (an expression other than
     *                                  cron(), a pattern operator it does not know, a target that
     *                                  is not a function of the template)
     */
    public static LocalTriggers start(EmbeddedStack stack, LambdaFunctions functions, LocalS3 s3, Settings settings,
                                      PrintWriter log) {
        LocalTriggers triggers = new LocalTriggers(stack, functions, settings, log);
        try {
            triggers.startSchedules();
            triggers.startRules(s3);
            return triggers;
        } catch (RuntimeException e) {
            triggers.close();
            throw e;
        }
    }

    /** One line per schedule and rule of the template: what it does locally, and when a schedule fires next. */
    public List<String> describe() {
        return List.copyOf(described);
    }

    private void startSchedules() {
        for (ScheduleSpec schedule : stack.schedules()) {
            String target = " -> " + functionOf(schedule.targetArn(), "schedule " + schedule.name()).name();
            CronSchedule cron = CronSchedule.parse(schedule.expression(), ZoneId.of(schedule.timezone()));
            String what = "schedule " + schedule.name() + ": " + cron + target;
            if (!schedule.enabled()) {
                described.add(what + " (DISABLED in the template)");
            } else if (!settings.schedules()) {
                described.add(what + " (off: --no-schedules)");
            } else {
                Optional<Instant> next = cron.nextAfter(settings.clock().instant());
                described.add(what + next.map(t -> ", next " + t.atZone(cron.zone()).toOffsetDateTime()).orElse(", never again"));
                next.ifPresent(t -> timer(schedule, cron, t));
            }
        }
    }

    private void startRules(LocalS3 s3) {
        for (EventRuleSpec rule : stack.eventRules()) {
            List<String> targets = rule.targets().stream()
                    .map(t -> functionOf(t.arn(), "rule " + rule.name() + " target " + t.id()).name()).toList();
            EventPattern pattern = EventPattern.of(rule.eventPattern());
            String what = "rule " + rule.name() + ": " + pattern + " -> " + String.join(", ", targets);
            described.add(what + (!rule.enabled() ? " (DISABLED in the template)"
                    : !settings.fileEvents() ? " (off: --no-file-events)" : " (S3 events of " + eventBuckets + ")"));
        }
        if (!rules.isEmpty()) {
            unsubscribe = s3.onObjectCreated(this::objectCreated);
        }
    }

    /** The template's function a target ARN names (qualified by an alias or not). */
    private FunctionSpec functionOf(String arn, String where) {
        String[] parts = arn.split(":");
        if (parts.length < 7 || !parts[2].equals("lambda") || !parts[5].equals("function")) {
            throw new IllegalArgumentException(where + ": target " + arn + " is not a Lambda function; local serve invokes functions only");
        }
        return stack.function(parts[6]).orElseThrow(() -> new IllegalArgumentException(
                where + ": target " + arn + " is not a function of the template"));
    }

    private void timer(ScheduleSpec schedule, CronSchedule cron, Instant at) {
        long delayMillis = Duration.between(settings.clock().instant(), at).toMillis();
        if (delayMillis <= 0) {
            submit(() -> fire(schedule, cron, at), 0);
        } else {
            submit(() -> timer(schedule, cron, at), Math.min(delayMillis, TIMER_CHECK_MILLIS));
        }
    }

    /** The schedule's time came: its Input, with the context attributes filled in, to its target; then the next time. */
    private void fire(ScheduleSpec schedule, CronSchedule cron, Instant scheduledTime) {
        String input = (schedule.input() == null ? "{}" : schedule.input())
                .replace(SCHEDULED_TIME, scheduledTime.truncatedTo(ChronoUnit.SECONDS).toString())
                .replace("<aws.scheduler.schedule-arn>", schedule.arn())
                .replace("<aws.scheduler.execution-id>", HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                .replace("<aws.scheduler.attempt-number>", "1");
        String trigger = "schedule " + schedule.name() + " (" + scheduledTime + ")";
        parse(input, trigger).ifPresent(event -> invokeAsync(trigger, schedule.targetArn(), event));
        cron.nextAfter(scheduledTime).ifPresent(next -> timer(schedule, cron, next));
    }

    /** On S3Proxy's request thread: builds the event, matches the rules, queues the targets' invocations, returns. */
    private void objectCreated(ObjectCreated created) {
        if (!eventBuckets.contains(created.bucket())) {
            return; // the bucket does not send its events to EventBridge
        }
        ObjectNode event = objectCreatedEvent(created, settings.clock().instant());
        for (int i = 0; i < rules.size(); i++) {
            if (patterns.get(i).matches(event)) {
                EventRuleSpec rule = rules.get(i);
                String trigger = "rule " + rule.name() + " (s3://" + created.bucket() + "/" + created.key() + ")";
                for (EventRuleSpec.Target target : rule.targets()) {
                    Optional<JsonNode> delivered = target.input() == null ? Optional.of(event) : parse(target.input(), trigger);
                    delivered.ifPresent(e -> invokeAsync(trigger, target.arn(), e));
                }
            }
        }
    }

    /** The event S3 sends EventBridge for a created object (docs/aws.md links its documented shape). */
    ObjectNode objectCreatedEvent(ObjectCreated created, Instant time) {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "Object Created").put("source", "aws.s3").put("account", EmbeddedStack.ACCOUNT)
                .put("time", time.truncatedTo(ChronoUnit.SECONDS).toString()).put("region", stack.region());
        event.putArray("resources").add("arn:aws:s3:::" + created.bucket());
        ObjectNode detail = event.putObject("detail").put("version", "0");
        detail.putObject("bucket").put("name", created.bucket());
        detail.putObject("object").put("key", created.key()).put("size", created.size()).put("etag", created.etag())
                .put("sequencer", String.format("%018X", sequencer.incrementAndGet()));
        detail.put("request-id", HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).toUpperCase())
                .put("requester", EmbeddedStack.ACCOUNT).put("source-ip-address", "127.0.0.1").put("reason", created.reason());
        return event;
    }

    private Optional<JsonNode> parse(String input, String trigger) {
        try {
            return Optional.of(JSON.readTree(input));
        } catch (JsonProcessingException e) {
            say(trigger + ": the target's Input is not JSON, nothing invoked: " + e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** Lambda's asynchronous invocation: queued, never waited for. */
    private void invokeAsync(String trigger, String targetArn, JsonNode event) {
        if (pending.incrementAndGet() > PENDING_EVENTS_MAX) {
            pending.decrementAndGet();
            say(trigger + ": dropped, " + PENDING_EVENTS_MAX + " events already wait for their functions");
            return;
        }
        FunctionSpec function = functionOf(targetArn, trigger);
        Invocation invocation = new Invocation(trigger, targetArn, function, stack.asyncInvokeConfig(function), event,
                settings.clock().instant());
        if (!submit(() -> attempt(invocation, 1), 0)) {
            pending.decrementAndGet();
        }
    }

    private record Invocation(String trigger, String targetArn, FunctionSpec function, AsyncInvokeConfig config,
                              JsonNode event, Instant queuedAt) {
    }

    private void attempt(Invocation invocation, int attempt) {
        String what = invocation.trigger() + " -> " + invocation.function().name();
        try {
            JsonNode result = functions.invoke(invocation.targetArn(), invocation.event(), invocation.trigger());
            say(what + ": " + result);
            pending.decrementAndGet();
        } catch (RuntimeException e) {
            String error = e instanceof StatesError s ? s.error() + ": " + errorMessage(s.cause()) : e.toString();
            retryOrDrop(invocation, attempt, what + " failed (attempt " + attempt + " of "
                    + (invocation.config().maximumRetryAttempts() + 1) + "): " + error);
        }
    }

    private void retryOrDrop(Invocation invocation, int attempt, String failure) {
        AsyncInvokeConfig config = invocation.config();
        Duration wait = settings.firstRetryDelay().multipliedBy(1L << (attempt - 1));
        Duration ageAtRetry = Duration.between(invocation.queuedAt(), settings.clock().instant().plus(wait));
        if (attempt <= config.maximumRetryAttempts() && ageAtRetry.getSeconds() < config.maximumEventAgeSeconds()) {
            say(failure + "; retrying in " + wait.toMillis() / 1000.0 + " s");
            if (!submit(() -> attempt(invocation, attempt + 1), wait.toMillis())) {
                pending.decrementAndGet();
            }
            return;
        }
        say(failure + "; event dropped (on AWS: "
                + (config.onFailureDestination() == null ? "no on-failure destination, lost" : "to " + config.onFailureDestination()) + ")");
        pending.decrementAndGet();
    }

    private static String errorMessage(String cause) {
        try {
            JsonNode node = JSON.readTree(cause);
            return node.hasNonNull("errorMessage") ? node.get("errorMessage").asText() : cause;
        } catch (JsonProcessingException | RuntimeException notJson) {
            return cause;
        }
    }

    /** False once closing: the task is not run. */
    private boolean submit(Runnable task, long delayMillis) {
        try {
            threads.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    private void say(String line) {
        log.println(line);
        log.flush();
    }

    /** Stops listening and firing; lets invocations under way finish (briefly); drops waiting retries. */
    @Override
    public void close() {
        unsubscribe.run();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
