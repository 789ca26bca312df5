package io.ledgerflow.workflows.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.workflows.template.SamTemplate.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every AWS call the code makes is granted to the function that makes it, and a function is
 * granted nothing else. The calls come from a scan of the sources ({@link SdkCalls}); which function
 * makes which call is the table {@link #CALLS}, checked against the scan, so that a new SDK call
 * fails here until someone says which function makes it and grants it. HandlerCallsFunctionalTests
 * runs the handlers and checks each row against what they really call.
 */
class TemplateIamTests {

    /** The sources deployed to Lambda. */
    static final List<Path> DEPLOYED_SOURCES = java.util.stream.Stream.of("batch-core/src/main/java", "lambdas/src/main/java",
                    // The finance console's function (its own package; the module comes with the console).
                    "console/src/main/java")
            .map(Path::of).filter(root -> java.nio.file.Files.isDirectory(TemplateFiles.REPOSITORY.resolve(root))).toList();

    /** SDK method to the IAM actions it needs (the Service Authorization Reference). */
    static final Map<String, Set<String>> SDK_ACTIONS = Map.ofEntries(
            Map.entry("DynamoDbClient.getItem", Set.of("dynamodb:GetItem")),
            Map.entry("DynamoDbClient.putItem", Set.of("dynamodb:PutItem")),
            Map.entry("DynamoDbClient.updateItem", Set.of("dynamodb:UpdateItem")),
            Map.entry("DynamoDbClient.query", Set.of("dynamodb:Query")),
            Map.entry("DynamoDbClient.batchWriteItem", Set.of("dynamodb:BatchWriteItem")),
            // IAM checks a transaction per item: RunPublisher.publish writes a ConditionCheck and
            // Updates (if it ever adds a Put or Delete, add dynamodb:PutItem / DeleteItem here).
            Map.entry("DynamoDbClient.transactWriteItems", Set.of("dynamodb:ConditionCheckItem", "dynamodb:UpdateItem")),
            Map.entry("DynamoDbClient.describeTable", Set.of("dynamodb:DescribeTable")),
            Map.entry("DynamoDbClient.createTable", Set.of("dynamodb:CreateTable")),
            Map.entry("DynamoDbClient.waiter", Set.of("dynamodb:DescribeTable")),
            Map.entry("DynamoDbClient.close", Set.of()),
            Map.entry("S3Client.getObject", Set.of("s3:GetObject")),
            // HeadObject needs READ access, i.e. s3:GetObject (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html)
            Map.entry("S3Client.headObject", Set.of("s3:GetObject")),
            Map.entry("S3Client.putObject", Set.of("s3:PutObject")),
            Map.entry("S3Client.listObjectsV2", Set.of("s3:ListBucket")),
            // io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient stands in for the SDK's SfnClient
            // (not served by the registry); its methods are named as SfnClient's.
            Map.entry("StepFunctionsClient.startExecution", Set.of("states:StartExecution")),
            Map.entry("StepFunctionsClient.describeExecution", Set.of("states:DescribeExecution")),
            // A pre-signed PUT is allowed by S3 only if the signer may PutObject the key
            // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html).
            Map.entry("S3Presigner.presignPutObject", Set.of("s3:PutObject")),
            // Likewise a pre-signed GET: the signer must be allowed s3:GetObject on the key.
            Map.entry("S3Presigner.presignGetObject", Set.of("s3:GetObject")),
            // A synchronous call of a function (https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html).
            Map.entry("LambdaClient.invoke", Set.of("lambda:InvokeFunction")));

    /** Function to the SDK calls its handler makes (through batch-core), by reading the code paths. */
    static final Map<String, Set<String>> CALLS = Map.ofEntries(
            // periodState, currentRunId, requireRun: GetItem; beginRun: PutItem; the file (its size: HeadObject),
            // rules, partitions.
            Map.entry("ledgerflow-prepare-day", Set.of("DynamoDbClient.getItem", "DynamoDbClient.putItem",
                    "S3Client.headObject", "S3Client.getObject", "S3Client.putObject")),
            // requireRun: GetItem; writeEntries: BatchWriteItem; partitions and rules in, results and rejects out.
            Map.entry("ledgerflow-journalize-partitions", Set.of("DynamoDbClient.getItem", "DynamoDbClient.batchWriteItem",
                    "S3Client.getObject", "S3Client.putObject")),
            // publishRun: count (Query), summary (BatchWriteItem), publish (TransactWriteItems); purge of
            // the replaced run: Query, BatchWriteItem, UpdateItem; worker results listed and read.
            Map.entry("ledgerflow-finalize-day", Set.of("DynamoDbClient.getItem", "DynamoDbClient.query",
                    "DynamoDbClient.batchWriteItem", "DynamoDbClient.transactWriteItems", "DynamoDbClient.updateItem",
                    "S3Client.listObjectsV2", "S3Client.getObject", "S3Client.putObject")),
            // runs (Query), failRun (UpdateItem), purge (Query, BatchWriteItem, UpdateItem).
            Map.entry("ledgerflow-record-run-failure", Set.of("DynamoDbClient.getItem", "DynamoDbClient.query",
                    "DynamoDbClient.batchWriteItem", "DynamoDbClient.updateItem")),
            // MonthClose.verifyRelease: the attestation (GetObject); an override is noted on the
            // period (periodState: GetItem, notePeriod: UpdateItem).
            Map.entry("ledgerflow-verify-release", Set.of("S3Client.getObject", "DynamoDbClient.getItem",
                    "DynamoDbClient.updateItem")),
            // lock: every day's runs (Query) and current run (GetItem), the period (GetItem, UpdateItem).
            Map.entry("ledgerflow-lock-period", Set.of("DynamoDbClient.getItem", "DynamoDbClient.query",
                    "DynamoDbClient.updateItem")),
            // reconcileDay: the current run (GetItem), its entries and summary (Query).
            Map.entry("ledgerflow-reconcile-day", Set.of("DynamoDbClient.getItem", "DynamoDbClient.query")),
            // transitionPeriod (UpdateItem; GetItem to name the state on a refusal).
            Map.entry("ledgerflow-advance-period", Set.of("DynamoDbClient.getItem", "DynamoDbClient.updateItem")),
            // export: the period (GetItem), the month's summaries (GetItem, Query); the database's
            // secret comes through the Parameters and Secrets extension, not the SDK.
            Map.entry("ledgerflow-export-ledger", Set.of("DynamoDbClient.getItem", "DynamoDbClient.query")),
            // recordFailure: the period (GetItem), reopen or note (UpdateItem); of a CLOSED month, the
            // month's summaries (GetItem, Query) to compare with what the ledger database holds.
            Map.entry("ledgerflow-reopen-period", Set.of("DynamoDbClient.getItem", "DynamoDbClient.updateItem",
                    "DynamoDbClient.query")),
            // DayStarter: the day's file (ListObjectsV2 under the day's prefix), sched-DATE started
            // (StartExecution) and, when the name is taken, described (DescribeExecution).
            Map.entry("ledgerflow-start-day", Set.of("S3Client.listObjectsV2", "StepFunctionsClient.startExecution",
                    "StepFunctionsClient.describeExecution")),
            // MigrateLedgerHandler: no AWS SDK call (the secret comes through the extension, below).
            Map.entry("ledgerflow-migrate-ledger", Set.of()),
            // CloseDeadlineHandler: last month's state (periodState: GetItem); its metric is a log line.
            Map.entry("ledgerflow-close-deadline", Set.of("DynamoDbClient.getItem")),
            // ConsoleAuthorizerHandler: no AWS SDK call (the pool's JWKS is a public HTTPS URL).
            Map.entry("ledgerflow-console-authorizer", Set.of()),
            // The finance console (behind the Lambda Web Adapter, AwsConsoleBackend): reads the month,
            // days, runs and history (GetItem, Query), starts reruns and closes and follows them
            // (StartExecution, DescribeExecution), and signs the browser's upload of a corrected file
            // (S3UploadUrls) and checks it (HeadObject, a ranged GetObject: UploadedFiles).
            // The day pages' amounts and rejects from the work bucket (ListObjectsV2, GetObject), and a
            // page's corrected file stored under the upload prefix (PutObject). Reopen and the
            // gl-export download through the console's ledger function (Invoke; a large export as a
            // pre-signed GET of what that function wrote). A day marked as having no file (markNoFile,
            // unmarkNoFile: TransactWriteItems) and the note of a close that proceeds with days
            // unaccounted (notePeriod: UpdateItem).
            Map.entry("ledgerflow-console", Set.of("DynamoDbClient.getItem", "DynamoDbClient.query",
                    "DynamoDbClient.transactWriteItems", "DynamoDbClient.updateItem",
                    "StepFunctionsClient.startExecution", "StepFunctionsClient.describeExecution",
                    "S3Presigner.presignPutObject", "S3Client.listObjectsV2", "S3Client.getObject", "S3Client.putObject",
                    "S3Client.headObject", "LambdaClient.invoke", "S3Presigner.presignGetObject")),
            // ConsoleLedgerHandler: MonthClose.reopen (the period: GetItem; batches noted and the
            // reopen: UpdateItem); an export too large for the answer written to the work bucket.
            Map.entry("ledgerflow-console-ledger", Set.of("DynamoDbClient.getItem", "DynamoDbClient.updateItem",
                    "S3Client.putObject")));

    /**
     * Actions a function needs for calls that do not go through an SDK client: the export function
     * (and RecordFailure's, which asks the ledger whether the export committed) reads the ledger database's secret through the Parameters and Secrets extension
     * ({@code LedgerSecret}), which calls GetSecretValue with the function's role.
     */
    static final Map<String, Set<String>> NOT_THROUGH_THE_SDK = Map.of(
            "ledgerflow-export-ledger", Set.of("secretsmanager:GetSecretValue"),
            "ledgerflow-reopen-period", Set.of("secretsmanager:GetSecretValue"),
            "ledgerflow-console-ledger", Set.of("secretsmanager:GetSecretValue"),
            "ledgerflow-migrate-ledger", Set.of("secretsmanager:GetSecretValue"));

    /**
     * Calls that no deployed function makes: the embedded default creates its table on first use
     * (in AWS the template does), closes its client, and the period transitions are the close's.
     */
    static final Map<String, String> NOT_ON_A_FUNCTION_YET = Map.of(
            "DynamoDbClient.describeTable", "JournalTable.createIfAbsent: the embedded default only",
            "DynamoDbClient.createTable", "JournalTable.createIfAbsent: the embedded default only",
            "DynamoDbClient.waiter", "JournalTable.createIfAbsent: the embedded default only",
            "DynamoDbClient.close", "EmbeddedJournalStore: the embedded default only");

    /**
     * Functions whose grants are written from the design before their handlers exist (none now):
     * they are checked once their handlers exist (TemplateFunctionsTests fails then, naming what to
     * move into {@link #CALLS}).
     */
    static final Set<String> PENDING_FUNCTIONS = Set.of();

    private final SamTemplate template = SamTemplate.load(TemplateFiles.FILE);

    @Test
    void everySdkCallInTheCode_isAssignedToTheFunctionsThatMakeIt() {
        Map<String, List<String>> scanned = SdkCalls.scan(TemplateFiles.REPOSITORY, DEPLOYED_SOURCES);
        assertThat(scanned).as("the scan finds the store's and the object store's calls").containsKeys(
                "DynamoDbClient.batchWriteItem", "S3Client.getObject");
        List<String> problems = new ArrayList<>();
        scanned.forEach((call, where) -> {
            if (!SDK_ACTIONS.containsKey(call)) {
                problems.add(call + " (" + where + ") has no IAM actions in SDK_ACTIONS: add them");
            }
            boolean made = CALLS.values().stream().anyMatch(calls -> calls.contains(call));
            if (!made && !NOT_ON_A_FUNCTION_YET.containsKey(call)) {
                problems.add(call + " (" + where + ") is made by no function in CALLS: add it to the functions"
                        + " whose handlers reach it, and grant its actions in template.yaml");
            }
        });
        Set<String> listed = new TreeSet<>(NOT_ON_A_FUNCTION_YET.keySet());
        CALLS.values().forEach(listed::addAll);
        for (String call : listed) {
            if (!scanned.containsKey(call)) {
                problems.add(call + " is listed but no longer in the code: remove it (and its grant)");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFunction_isGrantedExactlyTheActionsOfItsCalls() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            String name = SamTemplate.functionName(f.getValue());
            Set<String> granted = new TreeSet<>();
            SamTemplate.statements(f.getKey(), f.getValue()).stream()
                    .filter(s -> "Allow".equals(s.effect()))
                    .forEach(s -> granted.addAll(s.actions()));
            if (PENDING_FUNCTIONS.contains(name)) {
                continue;
            }
            Set<String> calls = CALLS.get(name);
            if (calls == null) {
                problems.add(name + " (" + f.getKey() + ") has no row in CALLS: list the SDK calls its handler makes");
                continue;
            }
            Set<String> needed = new TreeSet<>();
            calls.forEach(call -> needed.addAll(SDK_ACTIONS.getOrDefault(call, Set.of())));
            needed.addAll(NOT_THROUGH_THE_SDK.getOrDefault(name, Set.of()));
            Set<String> missing = new TreeSet<>(needed);
            missing.removeAll(granted);
            Set<String> extra = new TreeSet<>(granted);
            extra.removeAll(needed);
            if (!missing.isEmpty()) {
                problems.add(name + " calls but is not granted " + missing);
            }
            if (!extra.isEmpty()) {
                problems.add(name + " is granted but never calls " + extra);
            }
        }
        assertThat(CALLS.keySet()).as("functions in CALLS that the template does not define")
                .allMatch(name -> functions.values().stream()
                        .anyMatch(r -> name.equals(SamTemplate.functionName(r))));
        assertThat(problems).isEmpty();
    }

    @Test
    void dataActions_areScopedToTheTableAndTheBuckets() {
        List<String> problems = new ArrayList<>();
        for (Statement s : allStatements()) {
            for (String action : s.actions()) {
                for (Object resource : s.resources()) {
                    String text = String.valueOf(resource);
                    if (action.startsWith("dynamodb:") && !text.equals("{Fn::GetAtt=[JournalTable, Arn]}")) {
                        problems.add(s.owner() + " " + s.sid() + ": " + action + " on " + text + ", not the journal table");
                    }
                    if (action.startsWith("s3:") && !text.matches(".*(InputBucket|ConfigBucket|WorkBucket|ResultsBucket)\\.?.*")) {
                        problems.add(s.owner() + " " + s.sid() + ": " + action + " on " + text + ", not one of our buckets");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void wildcards_haveAWrittenReason() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> resources = template.resources();
        for (Statement s : allStatements()) {
            if (!s.hasWildcard()) {
                continue;
            }
            Map<String, Object> reasons = SamTemplate.map(SamTemplate.map(resources.get(s.owner()), "Metadata"), "ledgerflow");
            Object reason = SamTemplate.map(reasons, "wildcardReasons").get(s.sid());
            if (s.sid() == null || !(reason instanceof String text) || text.isBlank()) {
                problems.add(s.owner() + ": statement " + s.sid() + " " + s.actions() + " on " + s.resources()
                        + " uses a wildcard without a reason in Metadata.ledgerflow.wildcardReasons." + s.sid());
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The statements of SAM functions and state machines, and of plain IAM roles. */
    private List<Statement> allStatements() {
        List<Statement> statements = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            String type = (String) resource.get("Type");
            if (type.equals("AWS::Serverless::Function") || type.equals("AWS::Serverless::StateMachine")) {
                statements.addAll(SamTemplate.statements(id, resource));
            } else if (type.equals("AWS::IAM::Role")) {
                for (Object policy : SamTemplate.list(SamTemplate.properties(resource).get("Policies"))) {
                    Map<String, Object> document = SamTemplate.map(SamTemplate.cast((Map<?, ?>) policy), "PolicyDocument");
                    for (Object s : SamTemplate.list(document.get("Statement"))) {
                        statements.add(Statement.of(id, SamTemplate.cast((Map<?, ?>) s)));
                    }
                }
            }
        });
        assertThat(statements).as("policy statements found in the template").isNotEmpty();
        return statements;
    }
}
