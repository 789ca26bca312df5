package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.core.generate.BillingGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who acts is recorded from an identity the machine vouches for: locally the operating-system user
 * (the real CLI, on a real embedded home), with {@code --target aws} the caller's AWS identity from
 * STS GetCallerIdentity. STS is the one edge nothing local plays, so a small HTTP server answers
 * GetCallerIdentity with the XML AWS documents
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), which the
 * SDK's real StsClient parses, and Step Functions' StartExecution (JSON 1.0), whose input it keeps.
 */
class CallerFunctionalTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate DATE = LocalDate.of(2026, 11, 24);
    static final String CALLER_ARN = "arn:aws:sts::123456789012:assumed-role/ledgerflow-operator/alice";
    static final String DAILY_ARN = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:ledgerflow-daily-journal";

    @TempDir
    Path dir;

    private AwsStandIn aws;
    private final List<Map<String, String>> stsCalls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> startExecutions = new CopyOnWriteArrayList<>();
    private volatile boolean stsRefuses;

    @BeforeEach
    void start() throws IOException {
        aws = AwsStandIn.start((target, body) -> {
            JsonNode request = JSON.readTree(body);
            startExecutions.add(JSON.readTree(request.path("input").asText()));
            return AwsStandIn.Answer.json("{\"executionArn\":\"" + DAILY_ARN.replace(":stateMachine:", ":execution:") + ":"
                    + request.path("name").asText() + "\",\"startDate\":1.7951328E9}");
        }, (form, authorization) -> {
            Map<String, String> call = new HashMap<>(form);
            call.put("authorization", String.valueOf(authorization));
            stsCalls.add(call);
            if (stsRefuses) {
                return AwsStandIn.Answer.xml(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                        + "<Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request"
                        + " is expired</Message></Error><RequestId>r-1</RequestId></ErrorResponse>");
            }
            return AwsStandIn.Answer.xml(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>" + CALLER_ARN + "</Arn>"
                    + "<UserId>AROAEXAMPLEID:alice</UserId><Account>123456789012</Account>"
                    + "</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef"
                    + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
        });
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private String endpoint() {
        return aws.endpoint();
    }

    private CliRun dailyOnAws(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("daily", "--target", "aws", "--region", "ap-northeast-1",
                "--endpoint-url", endpoint(), "--sts-endpoint-url", endpoint(), "--daily-state-machine-arn", DAILY_ARN,
                "--date", DATE.toString(), "--input", "s3://ledgerflow-input/daily/" + DATE + "/d.csv", "--no-wait"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void dailyOnAws_recordsTheCallersAwsIdentity_withTheRequestedNameBesideIt() {
        CliRun named = dailyOnAws("--requested-by", "keiko.tanaka");
        CliRun unnamed = dailyOnAws();

        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(unnamed.exitCode()).as(unnamed.err()).isZero();
        assertThat(startExecutions).extracting(input -> input.path("requestedBy").asText())
                .containsExactly(CALLER_ARN + " (as keiko.tanaka)", CALLER_ARN);
        assertThat(stsCalls).hasSize(2).allSatisfy(call -> assertThat(call)
                .containsEntry("Action", "GetCallerIdentity").containsEntry("Version", "2011-06-15")
                .hasEntrySatisfying("authorization", a -> assertThat(a).contains("Credential=test/")
                        .contains("/ap-northeast-1/sts/aws4_request")));
    }

    @Test
    void dailyOnAws_startsNothing_andIsAnInfrastructureFailure_whenStsRefusesTheCaller() {
        stsRefuses = true;

        CliRun run = dailyOnAws("--requested-by", "keiko.tanaka");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(run.err()).contains("STS GetCallerIdentity failed").contains("expired").contains("nothing was started");
        assertThat(startExecutions).isEmpty();
    }

    @Test
    void localRuns_recordTheOperatingSystemUser_neverTheScheduler_evenWithoutUserInTheEnvironment() throws Exception {
        Path home = dir.resolve("home");
        Path day = generate("d.csv", 300, 3);
        Path fixed = generate("fixed.csv", 320, 4);
        // A shell that leaves $USER empty (cron, a container): the run used to be recorded as 'scheduler'.
        CliProcess daily = CliProcess.start(dir.resolve("daily.log"), Map.of("USER", ""), "daily", "--home",
                home.toString(), "--date", DATE.toString(), "--input", day.toString(), "--partition-lines", "500");
        assertThat(daily.exitCode(5)).as(daily.output()).isZero();

        CliRun rerun = CliRun.of("rerun", "--home", home.toString(), "--date", DATE.toString(), "--input", fixed.toString(),
                "--reason", "site resent its file", "--requested-by", "hanako.sato");
        CliRun status = CliRun.of("status", "--home", home.toString(), "--date", DATE.toString());

        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(status.exitCode()).as(status.err()).isZero();
        String user = System.getProperty("user.name");
        assertThat(status.out()).contains("requested by " + user + ": daily run")
                .contains("requested by " + user + " (as hanako.sato): site resent its file")
                .doesNotContain("requested by scheduler");
    }

    @Test
    void aBlankRequestedBy_isABadUsage_thatNamesTheIdentityRecordedAnyway() {
        CliRun run = CliRun.of("reopen", "--home", dir.resolve("home").toString(), "--month", "2026-11",
                "--reason", "late credit note", "--requested-by", "  ");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--requested-by must be a name of 1 to 128 printable characters")
                .contains(System.getProperty("user.name"));
    }

    private Path generate(String name, long records, long seed) throws IOException {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, records, seed, 0.0, 0.08)).write(text);
        return Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.UTF_8);
    }
}
