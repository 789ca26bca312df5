package io.ledgerflow.workflows.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What starts the stack's work, read from the template as {@code local serve} deploys it: the
 * schedules, the event rules with their patterns resolved, the buckets that send events to
 * EventBridge, and how Lambda retries the functions they invoke.
 */
class EmbeddedStackTriggersTests {

    private static final String REGION = "ap-northeast-1";
    private final EmbeddedStack stack = new EmbeddedStack(SamTemplate.load(TemplateFiles.FILE), "ledgerflow", REGION,
            Map.of("InputBucket", "ledgerflow-input", "WorkBucket", "ledgerflow-work", "ConfigBucket", "ledgerflow-config",
                    "ResultsBucket", "ledgerflow-results"),
            // The parameters without a Default (the functions need them resolved).
            Map.of("SecretsExtensionLayerArn", "arn:aws:lambda:" + REGION + ":000000000000:layer:extension:1",
                    "LedgerDbMigrationSecretArn", "arn:aws:secretsmanager:" + REGION + ":000000000000:secret:owner"));

    @Test
    void theDailySchedule_firesInTheBusinessZone_andGivesStartDayTheScheduledTime() {
        ScheduleSpec daily = stack.schedules().stream().filter(s -> s.logicalId().equals("DailySchedule")).findFirst().orElseThrow();

        assertThat(daily.name()).isEqualTo("ledgerflow-daily");
        assertThat(daily.arn()).isEqualTo("arn:aws:scheduler:" + REGION + ":000000000000:schedule/default/ledgerflow-daily");
        assertThat(daily.expression()).isEqualTo("cron(30 6 * * ? *)");
        assertThat(daily.timezone()).isEqualTo("Asia/Tokyo");
        assertThat(daily.enabled()).isTrue();
        assertThat(daily.targetArn()).isEqualTo("arn:aws:lambda:" + REGION + ":000000000000:function:ledgerflow-start-day:live");
        assertThat(daily.input()).isEqualTo("{\"trigger\":\"schedule\",\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}");
    }

    @Test
    void theLateFileRule_matchesObjectsCreatedUnderThePrefixOfTheInputBucket() {
        EventRuleSpec rule = stack.eventRules().stream().filter(r -> r.logicalId().equals("LateFileRule")).findFirst().orElseThrow();

        assertThat(rule.name()).isEqualTo("ledgerflow-late-file");
        assertThat(rule.arn()).isEqualTo("arn:aws:events:" + REGION + ":000000000000:rule/ledgerflow-late-file");
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.eventPattern()).isEqualTo(Map.of(
                "source", List.of("aws.s3"),
                "detail-type", List.of("Object Created"),
                "detail", Map.of(
                        "bucket", Map.of("name", List.of("ledgerflow-input")),
                        "object", Map.of("key", List.of(Map.of("prefix", "daily/"))))));
        assertThat(rule.targets()).containsExactly(new EventRuleSpec.Target("start-day",
                "arn:aws:lambda:" + REGION + ":000000000000:function:ledgerflow-start-day:live", null));
    }

    @Test
    void onlyTheInputBucket_sendsItsEventsToEventBridge() {
        assertThat(stack.eventBridgeBuckets()).containsExactly("ledgerflow-input");
    }

    @Test
    void startDay_isRetriedTwiceAsynchronously_thenGoesToTheStartQueue() {
        FunctionSpec startDay = stack.function("ledgerflow-start-day").orElseThrow();
        FunctionSpec prepare = stack.function("ledgerflow-prepare-day").orElseThrow();

        assertThat(stack.asyncInvokeConfig(startDay)).isEqualTo(new AsyncInvokeConfig(2, 3600,
                "arn:aws:sqs:" + REGION + ":000000000000:ledgerflow-start-dlq"));
        assertThat(stack.asyncInvokeConfig(prepare)).as("Lambda's defaults").isEqualTo(AsyncInvokeConfig.DEFAULTS);
    }

    @Test
    void aDisabledScheduleOrRule_isReadAsDisabled_andAScheduleWithoutZoneIsInUtc() {
        EmbeddedStack small = new EmbeddedStack(SamTemplate.parse("""
                Resources:
                  Nightly:
                    Type: AWS::Scheduler::Schedule
                    Properties:
                      ScheduleExpression: cron(0 1 * * ? *)
                      State: DISABLED
                      Target: { Arn: arn:aws:lambda:r:1:function:f, RoleArn: x }
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      State: DISABLED
                      EventPattern: { source: [aws.s3], detail: { object: { size: [{ numeric: [">", 0] }] } } }
                      Targets: [{ Id: t, Arn: arn:aws:lambda:r:1:function:f, Input: '{"fixed":true}' }]
                  Every5:
                    Type: AWS::Events::Rule
                    Properties:
                      ScheduleExpression: rate(5 minutes)
                """), "s", REGION, Map.of(), Map.of());

        ScheduleSpec nightly = small.schedules().getFirst();
        EventRuleSpec rule = small.eventRules().getFirst();

        assertThat(nightly.enabled()).isFalse();
        assertThat(nightly.timezone()).isEqualTo("UTC");
        assertThat(nightly.input()).isNull();
        assertThat(rule.enabled()).isFalse();
        assertThat(rule.eventPattern()).as("values typed as YAML read them")
                .isEqualTo(Map.of("source", List.of("aws.s3"), "detail", Map.of("object", Map.of("size",
                        List.of(Map.of("numeric", List.of(">", 0)))))));
        assertThat(rule.targets().getFirst().input()).isEqualTo("{\"fixed\":true}");
        assertThat(small.eventRules()).as("a rule without an EventPattern matches no event").hasSize(1);
    }

    @Test
    void aTargetThatReshapesTheEvent_isRefused() {
        EmbeddedStack small = new EmbeddedStack(SamTemplate.parse("""
                Resources:
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: { source: [aws.s3] }
                      Targets: [{ Id: t, Arn: arn:aws:lambda:r:1:function:f, InputPath: $.detail }]
                """), "s", REGION, Map.of(), Map.of());

        assertThatThrownBy(small::eventRules).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rule.Targets.t: InputPath is not delivered by the embedded runtime");
    }
}
