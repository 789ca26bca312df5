package io.ledgerflow.workflows.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.lambdas.CloseDeadlineHandler;
import io.ledgerflow.workflows.template.SamTemplate.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the stack needs to run and be trusted in production, against AWS's documented behaviour
 * (docs/aws.md cites each page): routes, paging, retries of asynchronous invocations, the ARNs of
 * Distributed Map children, alarms, attestations, retention, and names that let several stacks
 * share an account.
 */
class TemplateOperationsTests {

    private final SamTemplate template = SamTemplate.load(TemplateFiles.FILE);
    private final Map<String, Map<String, Object>> resources = template.resources();

    // ---------------------------------------------------------------------------------------------
    // Network: a function in a VPC reaches DynamoDB only through a gateway endpoint (or a NAT).
    // ---------------------------------------------------------------------------------------------

    @Test
    void aFunctionInTheVpcThatReadsTheTable_hasADynamoDbGatewayEndpointOnItsRouteTables() {
        List<String> inVpcWithDynamoDb = new ArrayList<>();
        template.resources("AWS::Serverless::Function").forEach((id, r) -> {
            boolean inVpc = SamTemplate.properties(r).containsKey("VpcConfig");
            boolean dynamo = SamTemplate.statements(id, r).stream().anyMatch(s -> s.actions().stream()
                    .anyMatch(a -> a.startsWith("dynamodb:")));
            if (inVpc && dynamo) {
                inVpcWithDynamoDb.add(id);
            }
        });
        assertThat(inVpcWithDynamoDb).as("the export runs in the ledger database's subnets and reads the month")
                .contains("ExportLedgerFunction");

        Map<String, Map<String, Object>> endpoints = template.resources("AWS::EC2::VPCEndpoint");
        assertThat(endpoints.values()).as("a DynamoDB gateway endpoint on the subnets' route tables").anySatisfy(e -> {
            Map<String, Object> p = SamTemplate.properties(e);
            assertThat(p.get("VpcEndpointType")).isEqualTo("Gateway");
            assertThat(String.valueOf(p.get("ServiceName"))).contains("${AWS::Region}.dynamodb");
            assertThat(p.get("VpcId")).isEqualTo(Map.of("Ref", "LedgerDbVpcId"));
            assertThat(p.get("RouteTableIds")).isEqualTo(Map.of("Ref", "LedgerDbRouteTableIds"));
        });
        assertThat(template.section("Parameters")).containsKeys("LedgerDbVpcId", "LedgerDbRouteTableIds");
        assertThat(SamTemplate.map(template.section("Parameters"), "LedgerDbRouteTableIds").get("Type"))
                .isEqualTo("CommaDelimitedList");
    }

    // ---------------------------------------------------------------------------------------------
    // The ledger database: migrated by its own function with its own login, never by the export.
    // ---------------------------------------------------------------------------------------------

    @Test
    void theSchemaOwnersSecret_isReadOnlyByTheMigrationFunction_whichRunsBesideTheDatabase() {
        Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");
        Map<String, Object> migrate = SamTemplate.properties(functions.get("MigrateLedgerFunction"));
        assertThat(migrate.get("Handler")).isEqualTo("io.ledgerflow.lambdas.MigrateLedgerHandler::handleRequest");
        assertThat(migrate).containsKey("VpcConfig");
        assertThat(SamTemplate.map(SamTemplate.map(migrate, "Environment"), "Variables"))
                .containsEntry("LEDGERFLOW_LEDGER_MIGRATION_SECRET_ARN", Map.of("Ref", "LedgerDbMigrationSecretArn"))
                .containsEntry("LEDGERFLOW_LEDGER_EXPORT_ROLE", Map.of("Ref", "LedgerDbUsername"));
        List<String> readers = new ArrayList<>();
        functions.forEach((id, r) -> SamTemplate.statements(id, r).stream()
                .filter(s -> s.resources().contains(Map.of("Ref", "LedgerDbMigrationSecretArn")))
                .forEach(s -> readers.add(id)));
        assertThat(readers).as("functions granted the schema owner's secret").containsExactly("MigrateLedgerFunction");
        assertThat(SamTemplate.map(template.section("Outputs"), "MigrateLedgerFunctionName")).isNotEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Paging: CloudWatch publishes only to a topic whose key lets it.
    // ---------------------------------------------------------------------------------------------

    @Test
    void everyAlarmTopic_isEncryptedWithAKeyWhosePolicyLetsCloudWatchPublish() {
        Set<String> topics = new LinkedHashSet<>();
        template.resources("AWS::CloudWatch::Alarm").forEach((id, a) -> SamTemplate.list(SamTemplate.properties(a)
                .get("AlarmActions")).forEach(action -> topics.add(refOf(action, id))));
        assertThat(topics).contains("PagesTopic");
        List<String> problems = new ArrayList<>();
        for (String topic : topics) {
            Map<String, Object> resource = resources.get(topic);
            if (resource == null || !"AWS::SNS::Topic".equals(resource.get("Type"))) {
                problems.add("an alarm acts on " + topic + ", not a topic of this template");
                continue;
            }
            Object key = SamTemplate.properties(resource).get("KmsMasterKeyId");
            String keyId = key instanceof Map<?, ?> m ? (String) m.get("Ref") : null;
            if (keyId == null || !"AWS::KMS::Key".equals(resources.getOrDefault(keyId, Map.of()).get("Type"))) {
                problems.add(topic + " is encrypted with " + key + ", not a customer-managed key of this template"
                        + " (CloudWatch cannot use alias/aws/sns)");
                continue;
            }
            Map<String, Object> policy = SamTemplate.map(SamTemplate.properties(resources.get(keyId)), "KeyPolicy");
            boolean cloudWatch = SamTemplate.list(policy.get("Statement")).stream().map(s -> SamTemplate.cast((Map<?, ?>) s))
                    .anyMatch(s -> "Allow".equals(s.get("Effect"))
                            && "cloudwatch.amazonaws.com".equals(SamTemplate.map(s, "Principal").get("Service"))
                            && SamTemplate.strings(s.get("Action")).containsAll(List.of("kms:Decrypt", "kms:GenerateDataKey*")));
            if (!cloudWatch) {
                problems.add(keyId + " (key of " + topic + ") does not allow cloudwatch.amazonaws.com kms:Decrypt and"
                        + " kms:GenerateDataKey*");
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Asynchronous invocations: a function error after Lambda's retries lands somewhere that pages.
    // ---------------------------------------------------------------------------------------------

    @Test
    void everyFunctionInvokedAsynchronously_hasAnOnFailureDestinationWhoseQueuePages() {
        Set<String> asyncTargets = new LinkedHashSet<>();
        template.resources("AWS::Scheduler::Schedule").forEach((id, s) -> asyncTargets.add(
                functionOfAlias(SamTemplate.map(SamTemplate.properties(s), "Target").get("Arn"), id)));
        template.resources("AWS::Events::Rule").forEach((id, rule) -> SamTemplate.list(SamTemplate.properties(rule)
                .get("Targets")).forEach(t -> asyncTargets.add(functionOfAlias(SamTemplate.cast((Map<?, ?>) t).get("Arn"), id))));
        assertThat(asyncTargets).contains("StartDayFunction");
        List<String> problems = new ArrayList<>();
        for (String function : asyncTargets) {
            Map<String, Object> p = SamTemplate.properties(resources.get(function));
            Map<String, Object> onFailure = SamTemplate.map(SamTemplate.map(SamTemplate.map(p, "EventInvokeConfig"),
                    "DestinationConfig"), "OnFailure");
            Object destination = onFailure.get("Destination");
            String queue = destination instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> att
                    ? (String) att.get(0) : null;
            if (!"SQS".equals(onFailure.get("Type")) || queue == null) {
                problems.add(function + " is invoked asynchronously but has no SQS on-failure destination: a function"
                        + " error is dropped after Lambda's retries");
                continue;
            }
            boolean paged = template.resources("AWS::CloudWatch::Alarm").values().stream().map(SamTemplate::properties)
                    .anyMatch(a -> "AWS/SQS".equals(a.get("Namespace"))
                            && String.valueOf(a.get("Dimensions")).contains("[" + queue + ", QueueName]")
                            && SamTemplate.list(a.get("AlarmActions")).contains(Map.of("Ref", "PagesTopic")));
            if (!paged) {
                problems.add(function + "'s on-failure queue " + queue + " has no alarm that pages");
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // The table's first burst.
    // ---------------------------------------------------------------------------------------------

    @Test
    void theTable_isWarmForThePeak_withinWhatItsShardsCanTake() {
        Map<String, Object> table = SamTemplate.properties(resources.get("JournalTable"));
        Map<String, Object> warm = SamTemplate.map(table, "WarmThroughput");
        assertThat(warm).containsEntry("WriteUnitsPerSecond", Map.of("Ref", "TableWarmWriteUnitsPerSecond"))
                .containsEntry("ReadUnitsPerSecond", Map.of("Ref", "TableWarmReadUnitsPerSecond"));
        int writes = ((Number) SamTemplate.map(template.section("Parameters"), "TableWarmWriteUnitsPerSecond")
                .get("Default")).intValue();
        int shards = DynamoDbStoreSettings.defaults("ledgerflow-journal").shards();
        // A new on-demand table serves 4,000 writes/s; below that warm throughput buys nothing, and
        // a day's keys spread over `shards` partitions of at most 1,000 writes/s each.
        assertThat(writes).isGreaterThan(4_000).isLessThanOrEqualTo(shards * 1_000);
    }

    // ---------------------------------------------------------------------------------------------
    // ARNs of executions, Distributed Map children and map runs.
    // ---------------------------------------------------------------------------------------------

    private static final Pattern STATES_ARN = Pattern.compile(
            "arn:\\$\\{AWS::Partition}:states:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:([A-Za-z]+):(.*)");

    @Test
    void everyStepFunctionsArn_followsTheDocumentedFormats_andNamesAStateMachineOfThisStack() {
        Set<String> machines = new LinkedHashSet<>();
        template.resources("AWS::Serverless::StateMachine").values()
                .forEach(r -> machines.add(SamTemplate.resolveName(SamTemplate.properties(r).get("Name"))));
        assertThat(machines).contains("ledgerflow-daily-journal", "ledgerflow-monthly-close");
        List<String> problems = new ArrayList<>();
        List<Statement> statements = new ArrayList<>();
        resources.forEach((id, r) -> {
            String type = (String) r.get("Type");
            if (type.equals("AWS::Serverless::Function") || type.equals("AWS::Serverless::StateMachine")) {
                statements.addAll(SamTemplate.statements(id, r));
            }
        });
        for (Statement s : statements) {
            for (Object resource : s.resources()) {
                String arn = SamTemplate.resolveName(resource);
                Matcher m = arn == null ? null : STATES_ARN.matcher(arn);
                if (m == null || !m.matches()) {
                    continue;
                }
                String kind = m.group(1), rest = m.group(2);
                String problem = switch (kind) {
                    // stateMachine:NAME
                    case "stateMachine" -> machines.contains(rest) ? null : "names no state machine of this stack";
                    // execution:NAME:ID (a parent) or execution:NAME/MAP_RUN_LABEL:ID (a Distributed Map child)
                    case "execution" -> {
                        Matcher e = Pattern.compile("([^:/]+)(/[^:]+)?:(.+)").matcher(rest);
                        yield !e.matches() || !machines.contains(e.group(1)) ? "is not execution:STATE_MACHINE[/LABEL]:ID"
                                : s.actions().contains("states:RedriveExecution") && e.group(2) == null
                                        ? "grants RedriveExecution on parents; a map run is redriven on its children"
                                        : null;
                    }
                    // mapRun:NAME/MAP_RUN_LABEL:ID, only for the map-run actions
                    case "mapRun" -> !rest.matches("[^:/]+/[^:]+:.+") ? "is not mapRun:STATE_MACHINE/LABEL:ID"
                            : s.actions().stream().allMatch(a -> a.endsWith("MapRun") || a.equals("states:ListMapRuns"))
                                    ? null : "grants " + s.actions() + " on a map run, which takes only the map-run actions";
                    default -> "is an unexpected resource type " + kind;
                };
                if (problem != null) {
                    problems.add(s.owner() + " " + s.sid() + ": " + arn + " " + problem);
                }
            }
        }
        // The children of the daily machine's Distributed Map are executions NAME/LABEL:ID: what
        // its role describes, stops and redrives must include them.
        List<Statement> daily = SamTemplate.statements("DailyJournalStateMachine", resources.get("DailyJournalStateMachine"));
        for (String action : List.of("states:DescribeExecution", "states:StopExecution", "states:RedriveExecution")) {
            boolean children = daily.stream().filter(s -> s.actions().contains(action)).flatMap(s -> s.resources().stream())
                    .map(SamTemplate::resolveName)
                    .anyMatch(a -> a != null && a.endsWith(":execution:ledgerflow-daily-journal/*:*"));
            if (!children) {
                problems.add("DailyJournalStateMachine: " + action + " is not granted on its map children"
                        + " (execution:ledgerflow-daily-journal/*:*)");
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Alarms a run needs.
    // ---------------------------------------------------------------------------------------------

    @Test
    void everyFunction_hasAnErrorsAndAThrottlesAlarm() {
        List<String> problems = new ArrayList<>();
        for (String function : template.resources("AWS::Serverless::Function").keySet()) {
            for (String metric : List.of("Errors", "Throttles")) {
                boolean watched = alarms().stream().anyMatch(a -> "AWS/Lambda".equals(a.get("Namespace"))
                        && metric.equals(a.get("MetricName"))
                        && String.valueOf(a.get("Dimensions")).contains("FunctionName, Value={Ref=" + function + "}")
                        && !SamTemplate.list(a.get("AlarmActions")).isEmpty());
                if (!watched) {
                    problems.add(function + " has no " + metric + " alarm with an action");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theTablesThrottling_failedMapRuns_andALateClose_haveAlarms() {
        assertThat(alarms()).as("throttled requests on the table").anySatisfy(a -> {
            String metrics = String.valueOf(a.get("Metrics"));
            assertThat(metrics).contains("WriteThrottleEvents").contains("ReadThrottleEvents").contains("Ref=JournalTable");
        });
        // Map runs: a metric filter on the daily machine's log (MapRunFailed is logged at ERROR) and its alarm.
        Map<String, Object> filter = template.resources("AWS::Logs::MetricFilter").values().stream()
                .map(SamTemplate::properties)
                .filter(f -> Map.of("Ref", "DailyJournalStateMachineLogs").equals(f.get("LogGroupName")))
                .findFirst().orElseThrow(() -> new AssertionError("no metric filter on the daily machine's log group"));
        assertThat(String.valueOf(filter.get("FilterPattern"))).contains("$.type = \"MapRunFailed\"");
        Map<String, Object> transform = SamTemplate.cast((Map<?, ?>) SamTemplate.list(filter.get("MetricTransformations")).get(0));
        assertThat(alarms()).as("an alarm on the failed map runs").anySatisfy(a -> {
            assertThat(a.get("Namespace")).isEqualTo(transform.get("MetricNamespace"));
            assertThat(a.get("MetricName")).isEqualTo(transform.get("MetricName"));
        });
        // A late close: the close-deadline function's metric, paged.
        assertThat(alarms()).as("a close not exported by the N-th business day pages").anySatisfy(a -> {
            assertThat(a.get("Namespace")).isEqualTo(CloseDeadlineHandler.NAMESPACE);
            assertThat(a.get("MetricName")).isEqualTo(CloseDeadlineHandler.METRIC);
            assertThat(SamTemplate.list(a.get("AlarmActions"))).contains(Map.of("Ref", "PagesTopic"));
        });
        Map<String, Object> schedule = SamTemplate.properties(template.resources("AWS::Scheduler::Schedule").values().stream()
                .filter(s -> Map.of("Ref", "CloseDeadlineFunction.Alias")
                        .equals(SamTemplate.map(SamTemplate.properties(s), "Target").get("Arn")))
                .findFirst().orElseThrow(() -> new AssertionError("nothing runs the close-deadline check")));
        assertThat(String.valueOf(schedule.get("ScheduleExpression"))).contains("MON-FRI");
    }

    // ---------------------------------------------------------------------------------------------
    // Buckets: TLS only; attestations only from the release pipeline; retention of the books.
    // ---------------------------------------------------------------------------------------------

    @Test
    void everyBucket_refusesRequestsWithoutTls() {
        List<String> problems = new ArrayList<>();
        for (String bucket : template.resources("AWS::S3::Bucket").keySet()) {
            boolean tlsOnly = bucketPolicyStatements(bucket).stream().anyMatch(s -> "Deny".equals(s.get("Effect"))
                    && "*".equals(s.get("Principal")) && SamTemplate.strings(s.get("Action")).contains("s3:*")
                    && String.valueOf(s.get("Condition")).equals("{Bool={aws:SecureTransport=false}}")
                    && SamTemplate.list(s.get("Resource")).size() == 2);
            if (!tlsOnly) {
                problems.add(bucket + " has no bucket policy denying s3:* without aws:SecureTransport on it and its objects");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void onlyTheReleasePipelinesRole_writesAttestations_andTheConfigBucketKeepsVersions() {
        assertThat(SamTemplate.map(SamTemplate.properties(resources.get("ConfigBucket")), "VersioningConfiguration"))
                .containsEntry("Status", "Enabled");
        assertThat(bucketPolicyStatements("ConfigBucket")).as("a Deny on attestations/ for every other principal")
                .anySatisfy(s -> {
                    assertThat(s.get("Effect")).isEqualTo("Deny");
                    assertThat(s.get("Principal")).isEqualTo("*");
                    assertThat(SamTemplate.strings(s.get("Action"))).contains("s3:PutObject", "s3:DeleteObject");
                    assertThat(String.valueOf(s.get("Resource"))).contains("${ConfigBucket.Arn}/attestations/*");
                    assertThat(String.valueOf(s.get("Condition")))
                            .isEqualTo("{ArnNotEquals={aws:PrincipalArn={Ref=ReleasePipelineRoleArn}}}");
                });
        // and no function may write there (the close functions only read them)
        template.resources("AWS::Serverless::Function").forEach((id, r) -> SamTemplate.statements(id, r).stream()
                .filter(s -> s.actions().contains("s3:PutObject"))
                .forEach(s -> assertThat(String.valueOf(s.resources())).as(id + " " + s.sid()).doesNotContain("ConfigBucket")));
    }

    @Test
    void theBooks_areKeptForTheRetention_inBackupsAndInTheBuckets() {
        Map<String, Object> retention = SamTemplate.map(template.section("Parameters"), "RecordsRetentionDays");
        assertThat(((Number) retention.get("Default")).intValue()).as("7 years").isGreaterThanOrEqualTo(7 * 365);
        Map<String, Object> retained = Map.of("Ref", "RecordsRetentionDays");
        // AWS Backup: the table, in a plan with a rule kept for the retention
        assertThat(template.resources("AWS::Backup::BackupSelection").values()).anySatisfy(s -> assertThat(String.valueOf(
                SamTemplate.properties(s).get("BackupSelection"))).contains("Fn::GetAtt=[JournalTable, Arn]"));
        assertThat(template.resources("AWS::Backup::BackupPlan").values()).anySatisfy(p -> assertThat(
                SamTemplate.list(SamTemplate.map(SamTemplate.properties(p), "BackupPlan").get("BackupPlanRule")))
                .anySatisfy(rule -> assertThat(SamTemplate.map(SamTemplate.cast((Map<?, ?>) rule), "Lifecycle"))
                        .containsEntry("DeleteAfterDays", retained)));
        // the sites' files: locked (governance) for the retention
        Map<String, Object> input = SamTemplate.properties(resources.get("InputBucket"));
        assertThat(input).containsEntry("ObjectLockEnabled", true);
        assertThat(SamTemplate.map(SamTemplate.map(SamTemplate.map(input, "ObjectLockConfiguration"), "Rule"),
                "DefaultRetention")).containsEntry("Mode", "GOVERNANCE").containsEntry("Days", retained);
        // rejects (runs/{runId}/rejects.csv in the work bucket) and the results bucket: not expired before it
        for (String bucket : List.of("InputBucket", "WorkBucket", "ResultsBucket")) {
            for (Object rule : SamTemplate.list(SamTemplate.map(SamTemplate.properties(resources.get(bucket)),
                    "LifecycleConfiguration").get("Rules"))) {
                Map<String, Object> r = SamTemplate.cast((Map<?, ?>) rule);
                if (r.containsKey("ExpirationInDays")) {
                    assertThat(r.get("ExpirationInDays")).as(bucket + " " + r.get("Id")).isEqualTo(retained);
                }
                if (r.containsKey("NoncurrentVersionExpiration")) {
                    assertThat(SamTemplate.map(r, "NoncurrentVersionExpiration")).as(bucket + " " + r.get("Id"))
                            .containsEntry("NoncurrentDays", retained);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One stack per environment, several per account: every name comes from the stack's name.
    // ---------------------------------------------------------------------------------------------

    private static final Set<String> NAME_PROPERTIES = Set.of("FunctionName", "Name", "TableName", "BucketName",
            "QueueName", "TopicName", "AlarmName", "LogGroupName", "AliasName", "BackupVaultName");

    @Test
    void everyNamedResource_takesItsNameFromTheStack() {
        List<String> problems = new ArrayList<>();
        resources.forEach((id, r) -> SamTemplate.properties(r).forEach((property, value) -> {
            boolean reference = value instanceof Map<?, ?> m && m.containsKey("Ref");
            if (NAME_PROPERTIES.contains(property) && !reference && !String.valueOf(value).contains("${AWS::StackName}")) {
                problems.add(id + "." + property + " = " + value + " is fixed: two stacks in one account would collide");
            }
        }));
        template.resources("AWS::Backup::BackupPlan").forEach((id, r) -> {
            Object name = SamTemplate.map(SamTemplate.properties(r), "BackupPlan").get("BackupPlanName");
            if (!String.valueOf(name).contains("${AWS::StackName}")) {
                problems.add(id + " BackupPlanName " + name + " is fixed");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(template.section("Outputs")).containsKeys("DailyJournalStateMachineArn", "MonthlyCloseStateMachineArn");
    }

    // ---------------------------------------------------------------------------------------------

    private List<Map<String, Object>> alarms() {
        return template.resources("AWS::CloudWatch::Alarm").values().stream().map(SamTemplate::properties).toList();
    }

    private List<Map<String, Object>> bucketPolicyStatements(String bucket) {
        List<Map<String, Object>> statements = new ArrayList<>();
        template.resources("AWS::S3::BucketPolicy").values().stream().map(SamTemplate::properties)
                .filter(p -> Map.of("Ref", bucket).equals(p.get("Bucket")))
                .forEach(p -> SamTemplate.list(SamTemplate.map(p, "PolicyDocument").get("Statement"))
                        .forEach(s -> statements.add(SamTemplate.cast((Map<?, ?>) s))));
        return statements;
    }

    private static String refOf(Object value, String where) {
        if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String ref) {
            return ref;
        }
        throw new AssertionError(where + ": expected a !Ref, got " + value);
    }

    /** {@code !Ref F.Alias} to {@code F}. */
    private static String functionOfAlias(Object value, String where) {
        String ref = refOf(value, where);
        if (!ref.endsWith(".Alias")) {
            throw new AssertionError(where + " targets " + ref + ", not a function's alias");
        }
        return ref.substring(0, ref.length() - ".Alias".length());
    }

    // ---------------------------------------------------------------------------------------------
    // Observability: Powertools' variables for every function, and a dashboard of what they emit.
    // ---------------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void theMonthDashboard_showsEveryMetricTheHandlersEmit_inTheirNamespace_forThisStacksService() throws Exception {
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                template.section("Globals").get("Function")).get("Environment")).get("Variables");
        assertThat(variables.get(io.ledgerflow.lambdas.Telemetry.NAMESPACE_ENV)).isEqualTo("Ledgerflow");
        assertThat(String.valueOf(variables.get(io.ledgerflow.lambdas.Telemetry.SERVICE_ENV))).isEqualTo("{Ref=AWS::StackName}");

        Map<String, Object> dashboard = SamTemplate.properties(resources.get("MonthDashboard"));
        assertThat(resources.get("MonthDashboard").get("Type")).isEqualTo("AWS::CloudWatch::Dashboard");
        String body = String.valueOf(((Map<String, Object>) dashboard.get("DashboardBody")).get("Fn::Sub"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body.replaceAll("\\$\\{[^}]+}", "X"));
        List<String> metrics = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (var widget : json.get("widgets")) {
            String previous = null;
            for (var row : widget.at("/properties/metrics")) {
                String namespace = row.get(0).asText().equals("...") ? previous : row.get(0).asText();
                previous = namespace;
                if (!namespace.equals("AWS/States")) {
                    assertThat(namespace).isIn("Ledgerflow", ".");
                }
                row.forEach(cell -> {
                    if (io.ledgerflow.lambdas.Telemetry.METRICS.contains(cell.asText())) {
                        metrics.add(cell.asText());
                    }
                });
                boolean stepRow = row.get(0).asText().equals("...") || row.size() > 5 && row.get(4).asText().equals("Step");
                if (stepRow && !namespace.equals("AWS/States")) {
                    steps.add(row.get(row.size() - 1).asText());
                }
            }
        }
        assertThat(metrics).containsAll(io.ledgerflow.lambdas.Telemetry.METRICS);
        assertThat(body).contains("\"Service\", \"${AWS::StackName}\"");
        for (String step : steps) {
            assertThat(Class.forName("io.ledgerflow.lambdas." + step + "Handler"))
                    .as("the dashboard's step %s is a handler's", step).isNotNull();
        }
    }
}
