package io.ledgerflow.workflows.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.adapters.s3.S3UploadUrls;
import io.ledgerflow.workflows.template.SamTemplate.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The finance console on AWS (docs/aws.md, "Finance console on AWS"): a Cognito user pool whose
 * groups are the console's roles and whose managed login signs browsers in (code grant with PKCE),
 * an HTTP API whose Lambda authorizer verifies the pool's ID token in the console's cookie, the
 * console's Javalin app in a function behind the AWS Lambda Web Adapter, and the narrowest grants
 * that let it read the sub-ledger, start and follow reruns and closes, and sign uploads.
 */
class TemplateConsoleTests {

    /** The console module's package for the function: run.sh and the console's shaded jar (console/pom.xml). */
    static final String CONSOLE_PACKAGE = "../console/target/ledgerflow-console-lambda.zip";
    static final String REGION = "ap-northeast-1";
    static final String API_URL = "https://${ConsoleApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}";

    private final SamTemplate template = SamTemplate.load(TemplateFiles.FILE);
    private final Map<String, Map<String, Object>> resources = template.resources();

    private Map<String, Object> properties(String id) {
        assertThat(resources).as("the template's resources").containsKey(id);
        return SamTemplate.properties(resources.get(id));
    }

    @Test
    void theConsole_runsInAFunctionBehindTheWebAdapter_whichTheEmbeddedStackLeavesToLedgerflowConsole() {
        Map<String, Object> f = properties("ConsoleFunction");
        Map<String, Object> env = SamTemplate.map(SamTemplate.map(f, "Environment"), "Variables");

        assertThat(f).containsEntry("Handler", "run.sh").containsEntry("CodeUri", CONSOLE_PACKAGE)
                .containsEntry("FunctionName", Map.of("Fn::Sub", "${AWS::StackName}-console"));
        assertThat(SamTemplate.list(f.get("Layers"))).singleElement().isEqualTo(
                Map.of("Fn::Sub", "arn:aws:lambda:${AWS::Region}:753240598075:layer:LambdaAdapterLayerArm64:26"));
        assertThat(env).containsEntry("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap").containsEntry("AWS_LWA_PORT", "8080")
                .containsEntry("AWS_LWA_READINESS_CHECK_PATH", "/health")
                .containsEntry("LEDGERFLOW_CONSOLE_IDENTITY", "aws-lambda-authorizer")
                .containsEntry("LEDGERFLOW_CONSOLE_CLIENT_ID", Map.of("Ref", "ConsoleUserPoolClient"))
                .containsEntry("LEDGERFLOW_CONSOLE_SIGNIN_URL",
                        Map.of("Fn::Sub", "https://${ConsoleUserPoolDomain}.auth.${AWS::Region}.amazoncognito.com"))
                .containsEntry("LEDGERFLOW_CONSOLE_URL", Map.of("Fn::Sub", API_URL + "/"))
                .containsEntry("LEDGERFLOW_DAILY_STATE_MACHINE_ARN", Map.of("Ref", "DailyJournalStateMachine"))
                .containsEntry("LEDGERFLOW_CLOSE_STATE_MACHINE_ARN", Map.of("Ref", "MonthlyCloseStateMachine"))
                .containsEntry("LEDGERFLOW_CONSOLE_UPLOAD_PREFIX", Map.of("Ref", "ConsoleUploadPrefix"))
                .containsEntry("LEDGERFLOW_COMPANY", Map.of("Ref", "LedgerCompany"));
        assertThat(f.get("ReservedConcurrentExecutions")).isInstanceOf(Integer.class);
        assertThat((Integer) f.get("Timeout")).as("within the HTTP API's 30 s").isLessThan(30);

        EmbeddedStack stack = new EmbeddedStack(template, "ledgerflow", REGION,
                Map.of("InputBucket", "ledgerflow-input", "WorkBucket", "ledgerflow-work", "ConfigBucket", "ledgerflow-config",
                        "ResultsBucket", "ledgerflow-results"),
                Map.of("SecretsExtensionLayerArn", "arn:aws:lambda:" + REGION + ":000000000000:layer:extension:1",
                        "LedgerDbMigrationSecretArn", "arn:aws:secretsmanager:" + REGION + ":000000000000:secret:owner"));
        assertThat(stack.functions()).extracting(FunctionSpec::logicalId)
                .contains("PrepareDayFunction", "StartDayFunction").doesNotContain("ConsoleFunction");
        assertThat(stack.function("ledgerflow-console")).isEmpty();
        // Locally the console signs in with its password form: no authorizer function either.
        assertThat(stack.functions()).extracting(FunctionSpec::logicalId).doesNotContain("ConsoleAuthorizerFunction");
    }

    @Test
    void theConsolesPackage_isBuiltByTheConsoleModule_withAStartScriptThatStartsTheAwsEntryPoint() throws Exception {
        java.nio.file.Path console = TemplateFiles.REPOSITORY.resolve("console");
        String pom = java.nio.file.Files.readString(console.resolve("pom.xml"));
        String assembly = java.nio.file.Files.readString(console.resolve("src/assembly/lambda.xml"));
        String runSh = java.nio.file.Files.readString(console.resolve("src/main/lambda/run.sh"));

        assertThat(CONSOLE_PACKAGE).endsWith("/ledgerflow-console-lambda.zip");
        assertThat(pom).contains("<finalName>ledgerflow-console-lambda</finalName>")
                .contains("<outputFile>${project.build.directory}/ledgerflow-console.jar</outputFile>");
        assertThat(assembly).contains("src/main/lambda/run.sh").contains("<fileMode>0755</fileMode>")
                .contains("ledgerflow-console.jar");
        assertThat(runSh).startsWith("#!/bin/sh").contains("ledgerflow-console.jar")
                .contains("io.ledgerflow.console.aws.AwsConsole");
        assertThat(console.resolve("src/main/java/io/ledgerflow/console/aws/AwsConsole.java")).content()
                .contains("public static void main(String[] args)").contains("\"127.0.0.1\"");
    }

    @Test
    void theApisAuthorizer_isALambdaRequestAuthorizerOnTheCookieHeader_withSimpleCachedAnswers() {
        Map<String, Object> authorizer = properties("ConsoleApiAuthorizer");

        assertThat(properties("ConsoleApi")).containsEntry("ProtocolType", "HTTP");
        assertThat(authorizer).containsEntry("AuthorizerType", "REQUEST").containsEntry("ApiId", Map.of("Ref", "ConsoleApi"))
                .containsEntry("AuthorizerPayloadFormatVersion", "2.0").containsEntry("EnableSimpleResponses", true)
                .containsEntry("IdentitySource", List.of("$request.header.Cookie"))
                .doesNotContainKeys("JwtConfiguration", "AuthorizerCredentialsArn");
        assertThat((Integer) authorizer.get("AuthorizerResultTtlInSeconds")).as("cached per Cookie header, at most an hour")
                .isBetween(1, 3600);
        // The alias's invocation URI: SnapStart versions are behind it (the Globals' AutoPublishAlias).
        assertThat(authorizer.get("AuthorizerUri").toString()).contains(":lambda:path/2015-03-31/functions/")
                .contains("{Ref=ConsoleAuthorizerFunction.Alias}").endsWith("/invocations]]}");

        Map<String, Object> function = properties("ConsoleAuthorizerFunction");
        Map<String, Object> env = SamTemplate.map(SamTemplate.map(function, "Environment"), "Variables");
        assertThat(function).containsEntry("Handler", "io.ledgerflow.lambdas.ConsoleAuthorizerHandler::handleRequest")
                .doesNotContainKey("CodeUri");
        assertThat(env).containsEntry("LEDGERFLOW_CONSOLE_ISSUER",
                        Map.of("Fn::Sub", "https://cognito-idp.${AWS::Region}.amazonaws.com/${ConsoleUserPool}"))
                .containsEntry("LEDGERFLOW_CONSOLE_CLIENT_ID", Map.of("Ref", "ConsoleUserPoolClient"));
        assertThat((Integer) function.get("Timeout")).as("an authorizer answers within API Gateway's 10 s").isLessThanOrEqualTo(10);
    }

    @Test
    void theApi_mayInvokeTheAuthorizerFunction_forItsAuthorizerOnly_andTheFunctionIsGrantedNothing() {
        assertThat(properties("ConsoleAuthorizerInvokePermission")).containsEntry("Action", "lambda:InvokeFunction")
                .containsEntry("Principal", "apigateway.amazonaws.com")
                .containsEntry("FunctionName", Map.of("Ref", "ConsoleAuthorizerFunction.Alias"))
                .containsEntry("SourceArn", Map.of("Fn::Sub",
                        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ConsoleApi}/authorizers/${ConsoleApiAuthorizer}"));
        List<Object> permissionsOnTheAuthorizer = new ArrayList<>();
        template.resources("AWS::Lambda::Permission").forEach((id, r) -> {
            if (Map.of("Ref", "ConsoleAuthorizerFunction.Alias").equals(SamTemplate.properties(r).get("FunctionName"))) {
                permissionsOnTheAuthorizer.add(id);
            }
        });
        assertThat(permissionsOnTheAuthorizer).containsExactly("ConsoleAuthorizerInvokePermission");
        assertThat(SamTemplate.statements("ConsoleAuthorizerFunction", resources.get("ConsoleAuthorizerFunction")))
                .as("the JWKS is a public URL: no AWS call, no grant").isEmpty();
    }

    @Test
    void everyConsoleRoute_goesThroughTheAuthorizer_exceptTheHomeSignInCallbackHealthAndStaticGets() {
        assertThat(properties("ConsoleApiIntegration")).containsEntry("IntegrationType", "AWS_PROXY")
                .containsEntry("PayloadFormatVersion", "2.0").containsEntry("IntegrationUri", Map.of("Ref", "ConsoleFunction.Alias"));

        Map<String, Map<String, Object>> routes = new TreeMap<>();
        template.resources("AWS::ApiGatewayV2::Route").forEach((id, r) -> {
            Map<String, Object> p = SamTemplate.properties(r);
            assertThat(p).as(id).containsEntry("ApiId", Map.of("Ref", "ConsoleApi"))
                    .containsEntry("Target", Map.of("Fn::Sub", "integrations/${ConsoleApiIntegration}"));
            routes.put((String) p.get("RouteKey"), p);
        });
        assertThat(routes).containsOnlyKeys("ANY /{proxy+}", "GET /", "GET /signin", "GET /callback", "GET /health",
                "GET /assets/{proxy+}", "GET /webjars/{proxy+}");
        List<String> problems = new ArrayList<>();
        routes.forEach((key, p) -> {
            boolean open = "NONE".equals(p.get("AuthorizationType"));
            // ConsoleApp's open paths (/signin, /callback, /health, /assets/, /webjars/) and the home
            // page, which only redirects (a first visit carries no Cookie header for the authorizer).
            boolean openByDesign = key.matches("GET /(|signin|callback|health|assets/\\{proxy\\+}|webjars/\\{proxy\\+})");
            if (open && !openByDesign) {
                problems.add(key + " is open to anyone: only GET of the home, sign-in, callback, health and static paths may be");
            }
            if (!open && !("CUSTOM".equals(p.get("AuthorizationType"))
                    && Map.of("Ref", "ConsoleApiAuthorizer").equals(p.get("AuthorizerId")))) {
                problems.add(key + " is not behind the console's Lambda authorizer");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(routes.get("ANY /{proxy+}")).containsEntry("AuthorizationType", "CUSTOM");
        assertThat(properties("ConsoleApiInvokePermission")).containsEntry("Principal", "apigateway.amazonaws.com")
                .containsEntry("FunctionName", Map.of("Ref", "ConsoleFunction.Alias"))
                .containsEntry("SourceArn", Map.of("Fn::Sub",
                        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ConsoleApi}/*"));
        assertThat(SamTemplate.map(properties("ConsoleApiStage"), "DefaultRouteSettings"))
                .containsKeys("ThrottlingBurstLimit", "ThrottlingRateLimit");
    }

    @Test
    void theOpenPaths_ofTheTemplate_areTheAppsOpenPaths() throws Exception {
        String app = java.nio.file.Files.readString(TemplateFiles.REPOSITORY.resolve(
                "console/src/main/java/io/ledgerflow/console/ConsoleApp.java"));

        assertThat(app).contains("Set.of(\"/signin\", \"/callback\", \"/health\", \"/assets/\", \"/webjars/\")");
    }

    @Test
    void theConsoleSetsTheCookie_thatTheAuthorizerReads() throws Exception {
        String signIn = java.nio.file.Files.readString(TemplateFiles.REPOSITORY.resolve(
                "console/src/main/java/io/ledgerflow/console/aws/CognitoSignIn.java"));

        assertThat(signIn).contains("TOKEN_COOKIE = \"" + io.ledgerflow.lambdas.ConsoleAuthorizerHandler.TOKEN_COOKIE + "\";");
    }

    @Test
    void theUserPool_isInviteOnlyWithMfa_andItsGroupsAreTheConsolesRoles() {
        Map<String, Object> pool = properties("ConsoleUserPool");
        assertThat(SamTemplate.map(pool, "AdminCreateUserConfig")).containsEntry("AllowAdminCreateUserOnly", true);
        assertThat(pool).containsEntry("MfaConfiguration", "ON");

        Map<String, Integer> groups = new TreeMap<>();
        template.resources("AWS::Cognito::UserPoolGroup").forEach((id, g) -> {
            Map<String, Object> p = SamTemplate.properties(g);
            assertThat(p).as(id).containsEntry("UserPoolId", Map.of("Ref", "ConsoleUserPool"));
            groups.put((String) p.get("GroupName"), (Integer) p.get("Precedence"));
        });
        // Cognito lists a user's groups by precedence, lowest value first: the strongest role first.
        assertThat(groups).containsOnlyKeys("viewer", "operator", "closer");
        assertThat(groups.get("closer")).isLessThan(groups.get("operator"));
        assertThat(groups.get("operator")).isLessThan(groups.get("viewer"));

        Map<String, Object> client = properties("ConsoleUserPoolClient");
        assertThat(client).containsEntry("UserPoolId", Map.of("Ref", "ConsoleUserPool")).containsEntry("GenerateSecret", false)
                .containsEntry("AllowedOAuthFlows", List.of("code")).containsEntry("AllowedOAuthFlowsUserPoolClient", true)
                .containsEntry("AllowedOAuthScopes", List.of("openid", "email", "profile"))
                .containsEntry("SupportedIdentityProviders", List.of("COGNITO"))
                .containsEntry("CallbackURLs", List.of(Map.of("Fn::Sub", API_URL + "/callback")))
                .containsEntry("LogoutURLs", List.of(Map.of("Fn::Sub", API_URL + "/signin")));
        assertThat(properties("ConsoleUserPoolDomain")).containsEntry("UserPoolId", Map.of("Ref", "ConsoleUserPool"))
                .containsKey("Domain");
    }

    @Test
    void theConsole_readsTheTable_startsAndFollowsTheTwoStateMachines_andSignsUploadsUnderItsPrefixOnly() {
        Map<String, Set<String>> granted = new TreeMap<>();
        List<Statement> statements = SamTemplate.statements("ConsoleFunction", resources.get("ConsoleFunction"));
        for (Statement s : statements) {
            assertThat(s.effect()).isEqualTo("Allow");
            for (String action : s.actions()) {
                s.resources().forEach(r -> granted.computeIfAbsent(action, a -> new TreeSet<>()).add(String.valueOf(r)));
            }
        }
        String stateMachines = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}-";
        assertThat(granted).containsOnlyKeys("dynamodb:GetItem", "dynamodb:Query", "states:StartExecution",
                "states:DescribeExecution", "s3:ListBucket", "s3:GetObject", "s3:PutObject", "dynamodb:UpdateItem",
                "dynamodb:ConditionCheckItem", "lambda:InvokeFunction");
        assertThat(granted.get("s3:ListBucket")).containsExactly("{Fn::GetAtt=[WorkBucket, Arn]}");
        assertThat(granted.get("s3:GetObject")).containsExactlyInAnyOrder("{Fn::Sub=${WorkBucket.Arn}/runs/*}",
                "{Fn::Sub=${InputBucket.Arn}/${ConsoleUploadPrefix}*}", "{Fn::Sub=${WorkBucket.Arn}/console-exports/*}");
        assertThat(granted.get("lambda:InvokeFunction")).containsExactly("{Ref=ConsoleLedgerFunction.Alias}");
        assertThat(statements).filteredOn(s -> s.actions().contains("s3:ListBucket")).singleElement()
                .satisfies(s -> assertThat(s.sid()).isEqualTo("ListRunResults"));
        assertThat(granted.get("dynamodb:GetItem")).containsExactly("{Fn::GetAtt=[JournalTable, Arn]}");
        assertThat(granted.get("dynamodb:Query")).containsExactly("{Fn::GetAtt=[JournalTable, Arn]}");
        // a no-file mark: the day's and the month's items only, never the entry pages
        assertThat(statements).filteredOn(st -> st.actions().contains("dynamodb:UpdateItem")).singleElement()
                .satisfies(st -> {
                    assertThat(st.sid()).isEqualTo("MarkDaysWithoutAFile");
                    assertThat(st.actions()).containsExactlyInAnyOrder("dynamodb:UpdateItem", "dynamodb:ConditionCheckItem");
                });
        Object condition = ((List<?>) ((Map<?, ?>) ((List<?>) properties("ConsoleFunction").get("Policies")).get(0))
                .get("Statement")).stream().map(st -> (Map<?, ?>) st)
                .filter(st -> "MarkDaysWithoutAFile".equals(st.get("Sid"))).findFirst().orElseThrow().get("Condition");
        assertThat(String.valueOf(condition)).isEqualTo("{ForAllValues:StringLike={dynamodb:LeadingKeys=[DAY#*, PERIOD#*]}}");
        assertThat(granted.get("states:StartExecution"))
                .containsExactlyInAnyOrder("{Ref=DailyJournalStateMachine}", "{Ref=MonthlyCloseStateMachine}");
        assertThat(granted.get("states:DescribeExecution")).containsExactlyInAnyOrder(
                "{Fn::Sub=" + stateMachines + "daily-journal:*}", "{Fn::Sub=" + stateMachines + "monthly-close:*}");
        assertThat(granted.get("s3:PutObject")).containsExactly("{Fn::Sub=${InputBucket.Arn}/${ConsoleUploadPrefix}*}");

        // An upload there is not a late file: the late-file rule matches keys under InputKeyPrefix only.
        Map<String, Object> parameters = template.section("Parameters");
        String uploads = (String) SamTemplate.map(parameters, "ConsoleUploadPrefix").get("Default");
        String dailyFiles = (String) SamTemplate.map(parameters, "InputKeyPrefix").get("Default");
        assertThat(uploads).isNotBlank().doesNotStartWith(dailyFiles);
        assertThat(dailyFiles).doesNotStartWith(uploads);
    }

    @Test
    void reopenAndTheLedgerExport_runInAFunctionBesideTheLedgerDatabase_whichTheConsoleInvokesByItsAlias() {
        Map<String, Object> console = properties("ConsoleFunction");
        Map<String, Object> ledger = properties("ConsoleLedgerFunction");
        Map<String, Object> export = properties("ExportLedgerFunction");
        Map<String, Object> env = SamTemplate.map(SamTemplate.map(ledger, "Environment"), "Variables");

        assertThat(console).as("the console stays outside the VPC").doesNotContainKey("VpcConfig");
        assertThat(SamTemplate.map(SamTemplate.map(console, "Environment"), "Variables"))
                .containsEntry("LEDGERFLOW_CONSOLE_LEDGER_FUNCTION", Map.of("Ref", "ConsoleLedgerFunction.Alias"));
        assertThat(ledger).containsEntry("Handler", "io.ledgerflow.lambdas.ConsoleLedgerHandler::handleRequest")
                .containsEntry("FunctionName", Map.of("Fn::Sub", "${AWS::StackName}-console-ledger"))
                .containsEntry("VpcConfig", export.get("VpcConfig")).containsEntry("Layers", export.get("Layers"));
        assertThat(env).containsEntry("LEDGERFLOW_LEDGER_SECRET_ARN", Map.of("Ref", "LedgerDbSecret"))
                .containsEntry("LEDGERFLOW_LEDGER", Map.of("Ref", "LedgerName"))
                .containsEntry("LEDGERFLOW_CONSOLE_EXPORTS_BUCKET", Map.of("Ref", "WorkBucket"));
        assertThat((Integer) ledger.get("Timeout")).as("answers within the console's own timeout")
                .isLessThan((Integer) console.get("Timeout"));

        Map<String, Set<String>> granted = new TreeMap<>();
        SamTemplate.statements("ConsoleLedgerFunction", resources.get("ConsoleLedgerFunction")).forEach(s -> s.actions()
                .forEach(a -> s.resources().forEach(r -> granted.computeIfAbsent(a, k -> new TreeSet<>()).add(String.valueOf(r)))));
        assertThat(granted).containsOnlyKeys("dynamodb:GetItem", "dynamodb:UpdateItem", "s3:PutObject",
                "secretsmanager:GetSecretValue");
        assertThat(granted.get("s3:PutObject")).containsExactly("{Fn::Sub=${WorkBucket.Arn}/console-exports/*}");
        assertThat(granted.get("secretsmanager:GetSecretValue")).containsExactly("{Ref=LedgerDbSecret}");
    }

    @Test
    void theInputBucket_takesBrowserPutsFromTheConsolesOriginOnly_withTheHeadersAnUploadUrlSigns() {
        Map<String, Object> cors = SamTemplate.map(properties("InputBucket"), "CorsConfiguration");
        List<Object> rules = SamTemplate.list(cors.get("CorsRules"));

        assertThat(rules).singleElement().satisfies(rule -> {
            Map<String, Object> r = SamTemplate.cast((Map<?, ?>) rule);
            assertThat(r).containsEntry("AllowedMethods", List.of("PUT"))
                    .containsEntry("AllowedOrigins", List.of(Map.of("Fn::Sub", API_URL)));
            assertThat(SamTemplate.strings(r.get("AllowedHeaders"))).containsExactlyInAnyOrderElementsOf(S3UploadUrls.corsHeaders());
        });
    }

    @Test
    void theStack_outputsTheConsolesUrlAndUserPool() {
        Map<String, Object> outputs = template.section("Outputs");

        assertThat(SamTemplate.map(outputs, "ConsoleUrl")).containsEntry("Value", Map.of("Fn::Sub", API_URL + "/"));
        assertThat(SamTemplate.map(outputs, "ConsoleUserPoolId")).containsEntry("Value", Map.of("Ref", "ConsoleUserPool"));
    }
}
