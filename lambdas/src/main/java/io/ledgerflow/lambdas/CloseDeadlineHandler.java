package io.ledgerflow.lambdas;

import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.close.CloseDeadline;
import io.ledgerflow.core.store.JournalStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Function {@code close-deadline} (the schedule's, every weekday morning; no Task of any state
 * machine): is last month exported by the deadline ({@link CloseDeadline})? It writes the answer as
 * the metric {@code ledgerflow/CloseOverdue} (1 overdue, 0 not) in CloudWatch's embedded metric
 * format, one JSON line on stdout that CloudWatch Logs turns into the metric, so it needs no
 * CloudWatch client and no permission beyond its log group; the alarm on the metric pages.
 *
 * <p>Environment: {@code LEDGERFLOW_TABLE}, {@code LEDGERFLOW_ZONE} (the business time zone),
 * {@code LEDGERFLOW_CLOSE_BUSINESS_DAY} (N), {@code LEDGERFLOW_HOLIDAYS} (comma-separated
 * yyyy-MM-dd, may be empty), {@code LEDGERFLOW_STACK} (the metric's dimension).
 */
public final class CloseDeadlineHandler implements RequestStreamHandler {

    public static final String NAMESPACE = "ledgerflow";
    public static final String METRIC = "CloseOverdue";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JournalStore store;
    private final Clock clock;
    private final Function<String, String> environment;
    private final PrintStream metrics;

    /** For the Lambda runtime: the table of {@code LEDGERFLOW_TABLE}, the system clock, stdout. */
    public CloseDeadlineHandler() {
        this(null, Clock.systemUTC(), FunctionEnvironment::get, System.out);
    }

    public CloseDeadlineHandler(JournalStore store, Clock clock, Function<String, String> environment, PrintStream metrics) {
        this.store = store;
        this.clock = clock;
        this.environment = environment;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        CloseDeadline deadline = new CloseDeadline(Integer.parseInt(required("LEDGERFLOW_CLOSE_BUSINESS_DAY").trim()),
                holidays(environment.apply("LEDGERFLOW_HOLIDAYS")));
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(required("LEDGERFLOW_ZONE"))));
        JournalStore journal = store != null ? store : environmentStore();
        CloseDeadline.Check check = deadline.check(today, journal::periodState);

        ObjectNode line = JSON.createObjectNode();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", clock.millis())
                .putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Stack");
        directive.putArray("Metrics").addObject().put("Name", METRIC).put("Unit", "Count");
        line.put("Stack", required("LEDGERFLOW_STACK")).put(METRIC, check.overdue() ? 1 : 0)
                .put("month", check.month().toString()).put("deadline", check.deadline().toString())
                .put("state", check.state().name());
        metrics.println(JSON.writeValueAsString(line));
        metrics.flush();

        ObjectNode result = JSON.createObjectNode().put("month", check.month().toString())
                .put("deadline", check.deadline().toString()).put("state", check.state().name())
                .put("overdue", check.overdue());
        JSON.writeValue(output, result);
    }

    static Set<LocalDate> holidays(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(LocalDate::parse)
                .collect(Collectors.toUnmodifiableSet());
    }

    private String required(String name) {
        String value = environment.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    /** The table of {@code LEDGERFLOW_TABLE}, built once per sandbox from the function's environment. */
    private JournalStore environmentStore() {
        return FunctionEnvironment.singleton(JournalStore.class, env -> new DynamoDbJournalStore(AwsClients.dynamoDb(env),
                DynamoDbStoreSettings.defaults(required("LEDGERFLOW_TABLE")), Clock.systemUTC()));
    }
}
