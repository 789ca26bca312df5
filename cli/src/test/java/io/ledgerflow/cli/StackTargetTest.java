package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --target aws --stack NAME}: the state machines' ARNs come from the stack's outputs. The
 * AWS control plane is the one edge nothing local plays, so a small HTTP server answers
 * CloudFormation's DescribeStacks (query protocol, XML) and Step Functions' ListExecutions (JSON 1.0)
 * as AWS documents them, and records what it was asked.
 */
class StackTargetTest {

    static final String DAILY_ARN = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:ledgerflow-staging-daily-journal";

    private AwsStandIn aws;
    private final List<Map<String, String>> cloudFormationCalls = new CopyOnWriteArrayList<>();
    private final List<String> stepFunctionsCalls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        aws = AwsStandIn.start((target, body) -> {
            stepFunctionsCalls.add(target + " " + body);
            return AwsStandIn.Answer.json("{\"executions\":[{\"executionArn\":\"" + DAILY_ARN.replace(":stateMachine:", ":execution:")
                    + ":sched-2026-11-20\",\"stateMachineArn\":\"" + DAILY_ARN + "\",\"name\":\"sched-2026-11-20\","
                    + "\"status\":\"SUCCEEDED\",\"startDate\":1.7951328E9,\"stopDate\":1.7951331E9}]}");
        }, (form, authorization) -> {
            cloudFormationCalls.add(form);
            if (form.get("StackName").equals("ledgerflow-staging")) {
                return AwsStandIn.Answer.xml(200, describeStacks("ledgerflow-staging", Map.of("DailyJournalStateMachineArn",
                        DAILY_ARN, "JournalTableName", "ledgerflow-staging-journal")));
            } else if (form.get("StackName").equals("not-ledgerflow")) {
                return AwsStandIn.Answer.xml(200, describeStacks("not-ledgerflow", Map.of("Something", "else")));
            }
            return AwsStandIn.Answer.xml(400, "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                    + "<Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id " + form.get("StackName")
                    + " does not exist</Message></Error><RequestId>r-1</RequestId></ErrorResponse>");
        });
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private String endpoint() {
        return aws.endpoint();
    }

    @Test
    void status_withAStack_listsTheExecutionsOfTheStateMachineItsOutputsName() {
        CliRun run = CliRun.of("status", "--target", "aws", "--region", "ap-northeast-1", "--stack", "ledgerflow-staging",
                "--cloudformation-endpoint-url", endpoint(), "--endpoint-url", endpoint(), "--date", "2026-11-20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(cloudFormationCalls).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("Action", "DescribeStacks").containsEntry("StackName", "ledgerflow-staging"));
        assertThat(stepFunctionsCalls).isNotEmpty()
                .allSatisfy(call -> assertThat(call).startsWith("AWSStepFunctions.ListExecutions").contains(DAILY_ARN));
        assertThat(run.out()).contains("SUCCEEDED  sched-2026-11-20");
    }

    @Test
    void aStackWithoutTheOutput_orNoStack_isABadUsage_thatSaysWhich() {
        CliRun other = CliRun.of("status", "--target", "aws", "--region", "ap-northeast-1", "--stack", "not-ledgerflow",
                "--cloudformation-endpoint-url", endpoint(), "--endpoint-url", endpoint(), "--date", "2026-11-20");
        CliRun missing = CliRun.of("status", "--target", "aws", "--region", "ap-northeast-1", "--stack", "nope",
                "--cloudformation-endpoint-url", endpoint(), "--endpoint-url", endpoint(), "--date", "2026-11-20");

        assertThat(other.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(other.err()).contains("stack 'not-ledgerflow' has no output DailyJournalStateMachineArn");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("cannot read stack 'nope'").contains("does not exist");
        assertThat(stepFunctionsCalls).isEmpty();
    }

    @Test
    void anArnGivenExplicitly_winsOverTheStack_whichIsThenNotRead() {
        CliRun run = CliRun.of("status", "--target", "aws", "--region", "ap-northeast-1", "--stack", "nope",
                "--cloudformation-endpoint-url", endpoint(), "--endpoint-url", endpoint(),
                "--daily-state-machine-arn", DAILY_ARN, "--date", "2026-11-20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(cloudFormationCalls).isEmpty();
    }

    private static String describeStacks(String name, Map<String, String> outputs) {
        StringBuilder xml = new StringBuilder("<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                + "<DescribeStacksResult><Stacks><member><StackName>" + name + "</StackName>"
                + "<StackId>arn:aws:cloudformation:ap-northeast-1:123456789012:stack/" + name + "/1</StackId>"
                + "<CreationTime>2026-01-05T00:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs>");
        outputs.forEach((k, v) -> xml.append("<member><OutputKey>").append(k).append("</OutputKey><OutputValue>").append(v)
                .append("</OutputValue></member>"));
        xml.append("</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r-1</RequestId>"
                + "</ResponseMetadata></DescribeStacksResponse>");
        return xml.toString();
    }
}
