package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.cli.targets.AwsTarget;
import io.ledgerflow.cli.targets.StackOutputs;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.store.JournalStore;
import io.ledgerflow.core.store.NoFileMark;
import io.ledgerflow.core.store.NoFileRules;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** {@code ledgerflow no-file}: a business day marked as having no billing file, with who and why; or the mark taken back. */
@Command(
        name = "no-file",
        header = "Mark a business day as having no billing file (or take the mark back), with who and why.",
        mixinStandardHelpOptions = true,
        description = {"Records in the sub-ledger that no site sent a file for --date (a holiday, no deliveries): who "
                    + "(your identity: the operating-system user, or with --target aws your AWS identity), when and "
                    + "--reason. The finance console's close readiness then counts the day as accounted for, like a "
                    + "published day; 'ledgerflow status --month' and the console show the mark, its audit page lists it.",
                "",
                "Refused when the day's month is not OPEN (reopen it first), when the day has a published run (it "
                    + "has a file), and when it is marked already. A run published for a marked day later outranks "
                    + "the mark: nothing to undo. --unmark takes a mark back (a file was found after all), with a "
                    + "reason; both stay in the day's history.",
                "",
                "'ledgerflow close' does not ask for the marks (README, \"Days without a file\")."},
        footer = {"", "Examples:", "  ledgerflow no-file --date 2026-11-23 --reason \"Labour Thanksgiving Day: no deliveries\"",
            "  ledgerflow no-file --date 2026-11-23 --unmark --reason \"TYO-01's file arrived late\"",
            "  ledgerflow no-file --target aws --stack ledgerflow-prod --date 2026-11-23 --reason \"holiday\""})
final class NoFileCommand implements Callable<Integer> {

    static final String TABLE_ENV = "LEDGERFLOW_JOURNAL_TABLE";
    /** The stack output naming the journal table (workflows/template.yaml). */
    static final String TABLE_OUTPUT = "JournalTableName";
    private static final int CONNECTIONS_MAX = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Mixin
    TargetOptions target;

    @Option(names = "--date", required = true, paramLabel = "yyyy-MM-dd", description = "The business day.")
    LocalDate date;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why the day has no file (or, with --unmark, why the mark is taken back); recorded, at most "
                    + NoFileRules.REASON_CHARS_MAX + " characters.")
    String reason;

    @Option(names = "--unmark", description = "Take the day's mark back instead of marking it.")
    boolean unmark;

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asked: recorded beside your identity, "
            + "which is always recorded.")
    String requestedBy;

    @Option(names = "--table", paramLabel = "NAME", description = "With --target aws: the journal table (default: $"
            + TABLE_ENV + ", else the --stack's " + TABLE_OUTPUT + " output).")
    String table;

    @Option(names = "--dynamodb-endpoint-url", paramLabel = "URL", description = "With --target aws: the DynamoDB "
            + "endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL, else the region's).")
    URI dynamoDbEndpoint;

    @Override
    public Integer call() {
        String why = reason.strip();
        if (why.isEmpty() || why.length() > NoFileRules.REASON_CHARS_MAX || why.chars().anyMatch(c -> c < 0x20)) {
            throw new ParameterException(spec.commandLine(), "--reason must say why in 1 to "
                    + NoFileRules.REASON_CHARS_MAX + " printable characters (it is recorded with the day)");
        }
        if (!target.aws() && (table != null || dynamoDbEndpoint != null)) {
            throw new ParameterException(spec.commandLine(), "--table and --dynamodb-endpoint-url go with --target aws");
        }
        if (target.aws()) {
            String journalTable = journalTable();
            String who = Caller.recorded(spec, target.callerArn(), requestedBy);
            try (DynamoDbClient client = dynamoDb()) {
                act(new DynamoDbJournalStore(client, DynamoDbStoreSettings.defaults(journalTable), Clock.systemUTC()), who);
            }
            return ExitCode.DONE;
        }
        String who = Caller.recorded(spec, Caller.localUser(), requestedBy);
        try (LocalLedger ledger = home.openWithoutFunctions()) {
            act(ledger.store(), who);
        }
        return ExitCode.DONE;
    }

    private void act(JournalStore store, String who) {
        PrintWriter err = spec.commandLine().getErr();
        String why = reason.strip();
        if (unmark) {
            store.unmarkNoFile(date, who, why);
            err.printf("no-file %s: mark taken back by %s: %s%n", date, who, why);
            err.printf("  the close's readiness expects a published run or a new mark for %s again%n", date);
        } else {
            NoFileMark mark = store.markNoFile(date, who, why);
            err.printf("no-file %s: marked as having no file by %s at %s: %s%n", date, mark.by(), mark.at(), mark.reason());
            err.printf("  'ledgerflow status --month %s' shows it; a run published for the day outranks it%n",
                    YearMonth.from(date));
        }
        err.flush();
    }

    /** --table, else $LEDGERFLOW_JOURNAL_TABLE, else the stack's output. */
    private String journalTable() {
        if (table != null && !table.isBlank()) {
            return table.strip();
        }
        String env = System.getenv(TABLE_ENV);
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        String stackName = target.stack != null ? target.stack : System.getenv(TargetOptions.STACK_ENV);
        if (stackName == null || stackName.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--target aws needs the journal table: give --stack NAME (its "
                    + TABLE_OUTPUT + " output names it), --table NAME or set " + TABLE_ENV);
        }
        try {
            Map<String, String> outputs = StackOutputs.read(target.cloudFormationEndpoint, target.region, stackName.strip());
            String name = outputs.get(TABLE_OUTPUT);
            if (name == null || name.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--stack " + stackName.strip() + " has no output "
                        + TABLE_OUTPUT + "; give --table NAME");
            }
            return name;
        } catch (StackOutputs.StackNotUsableException e) {
            throw new ParameterException(spec.commandLine(), "--stack " + stackName.strip() + ": " + e.getMessage());
        }
    }

    /** DynamoDB in the region (or at the endpoint given), signed with the SDK's default credentials chain. */
    private DynamoDbClient dynamoDb() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder()
                .maxConnections(CONNECTIONS_MAX)).region(Region.of(target.region != null ? target.region : defaultRegion()));
        URI endpoint = dynamoDbEndpoint;
        for (String env : new String[] {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"}) {
            String value = System.getenv(env);
            if (endpoint == null && value != null && !value.isBlank()) {
                endpoint = URI.create(value.strip());
            }
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException none) {
            return AwsTarget.DEFAULT_REGION;
        }
    }
}
