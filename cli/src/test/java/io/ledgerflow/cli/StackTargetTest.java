package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

    private HttpServer server;
    private final List<Map<String, String>> cloudFormationCalls = new CopyOnWriteArrayList<>();
    private final List<String> stepFunctionsCalls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        // The SDK's default chain reads these system properties (no credentials of the machine are used).
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] answer;
            int status = 200;
            String type;
            if (target != null) {
                stepFunctionsCalls.add(target + " " + body);
                answer = ("{\"executions\":[{\"executionArn\":\"" + DAILY_ARN.replace(":stateMachine:", ":execution:")
                        + ":sched-2026-11-20\",\"stateMachineArn\":\"" + DAILY_ARN + "\",\"name\":\"sched-2026-11-20\","
                        + "\"status\":\"SUCCEEDED\",\"startDate\":1.7951328E9,\"stopDate\":1.7951331E9}]}")
                        .getBytes(StandardCharsets.UTF_8);
                type = "application/x-amz-json-1.0";
            } else {
                Map<String, String> form = form(body);
                cloudFormationCalls.add(form);
                type = "text/xml";
                if (form.get("StackName").equals("ledgerflow-staging")) {
                    answer = describeStacks("ledgerflow-staging", Map.of("DailyJournalStateMachineArn", DAILY_ARN,
                            "JournalTableName", "ledgerflow-staging-journal"));
                } else if (form.get("StackName").equals("not-ledgerflow")) {
                    answer = describeStacks("not-ledgerflow", Map.of("Something", "else"));
                } else {
                    status = 400;
                    answer = ("<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error>"
                            + "<Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id " + form.get("StackName")
                            + " does not exist</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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

    private static byte[] describeStacks(String name, Map<String, String> outputs) {
        StringBuilder xml = new StringBuilder("<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                + "<DescribeStacksResult><Stacks><member><StackName>" + name + "</StackName>"
                + "<StackId>arn:aws:cloudformation:ap-northeast-1:123456789012:stack/" + name + "/1</StackId>"
                + "<CreationTime>2026-01-05T00:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs>");
        outputs.forEach((k, v) -> xml.append("<member><OutputKey>").append(k).append("</OutputKey><OutputValue>").append(v)
                .append("</OutputValue></member>"));
        xml.append("</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r-1</RequestId>"
                + "</ResponseMetadata></DescribeStacksResponse>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
