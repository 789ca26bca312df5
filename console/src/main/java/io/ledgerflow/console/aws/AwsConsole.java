package io.ledgerflow.console.aws;

import io.javalin.Javalin;
import io.ledgerflow.console.ConsoleApp;
import io.ledgerflow.console.ConsoleSettings;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbJournalStore;
import io.ledgerflow.core.adapters.dynamodb.DynamoDbStoreSettings;
import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.daily.ObjectRef;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The console in the ConsoleFunction of workflows/template.yaml: {@code run.sh} starts this class,
 * the Lambda Web Adapter forwards API Gateway's requests to it on 127.0.0.1:{@code AWS_LWA_PORT}.
 * Everything comes from the function's environment (the template's variables); a variable missing
 * stops it at start, before the adapter's readiness check passes.
 */
public final class AwsConsole {

    /**
     * What a page's upload may be on AWS: Lambda takes a request of 6 MB, base64 makes a file a third
     * larger. A larger file goes from the browser straight to S3 (BrowserTransfers).
     */
    static final long UPLOAD_BYTES_MAX = 4L * 1024 * 1024;
    private static final String LOOPBACK = "127.0.0.1";

    private AwsConsole() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Javalin app = create(env);
        app.start(LOOPBACK, Integer.parseInt(env.getOrDefault("AWS_LWA_PORT", "8080")));
    }

    /** The app, unstarted, from a function's environment. */
    static Javalin create(Map<String, String> env) {
        // The token exchange at the user pool's /oauth2/token (CognitoSignIn): one client, short timeouts.
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(3))
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        AuthorizerAuthenticator authenticator = AuthorizerAuthenticator.fromEnvironment(env, Clock.systemUTC(), http);
        String region = required(env, "AWS_REGION");
        DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder())
                .region(software.amazon.awssdk.regions.Region.of(region)).build();
        S3Client s3 = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder())
                .region(software.amazon.awssdk.regions.Region.of(region)).build();
        StepFunctionsClient sfn = StepFunctionsClient.create(null, region);
        ZoneId zone = ZoneId.of(env.getOrDefault("LEDGERFLOW_ZONE", ConsoleSettings.BUSINESS_ZONE.getId()));
        StepFunctionsJobs jobs = new StepFunctionsJobs(sfn, new StepFunctionsJobs.Settings(
                required(env, "LEDGERFLOW_DAILY_STATE_MACHINE_ARN"), required(env, "LEDGERFLOW_CLOSE_STATE_MACHINE_ARN"),
                new ObjectRef(required(env, "LEDGERFLOW_CONFIG_BUCKET"), required(env, "LEDGERFLOW_RULES_KEY")),
                required(env, "LEDGERFLOW_WORK_BUCKET"), required(env, "LEDGERFLOW_COMPANY")), Clock.systemUTC());
        LambdaClient lambda = LambdaClient.builder().httpClientBuilder(ApacheHttpClient.builder())
                .region(software.amazon.awssdk.regions.Region.of(region)).build();
        String inputBucket = required(env, "LEDGERFLOW_INPUT_BUCKET");
        // The presigner's URLs are virtual-hosted-style: the bucket's own host is where the browser PUTs.
        BrowserTransfers transfers = new BrowserTransfers(s3, S3Presigner.builder()
                .region(software.amazon.awssdk.regions.Region.of(region)).build(), inputBucket,
                required(env, "LEDGERFLOW_CONSOLE_UPLOAD_PREFIX"),
                URI.create("https://" + inputBucket + ".s3." + region + ".amazonaws.com"));
        AwsConsoleBackend backend = new AwsConsoleBackend(
                new DynamoDbJournalStore(dynamoDb, DynamoDbStoreSettings.defaults(required(env, "LEDGERFLOW_TABLE")),
                        Clock.systemUTC()),
                new S3ObjectStore(s3), jobs, new LedgerFunction(lambda, required(env, "LEDGERFLOW_CONSOLE_LEDGER_FUNCTION")),
                transfers,
                new AwsConsoleBackend.Settings(required(env, "LEDGERFLOW_INPUT_BUCKET"),
                        required(env, "LEDGERFLOW_CONSOLE_UPLOAD_PREFIX"), required(env, "LEDGERFLOW_WORK_BUCKET"), zone, 1_000),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        // /tmp is the function's only writable folder.
        ConsoleSettings settings = ConsoleSettings.defaults(Path.of("/tmp/ledgerflow-console-uploads"))
                .withUploadBytesMax(UPLOAD_BYTES_MAX);
        return ConsoleApp.create(backend, authenticator, settings);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set (workflows/template.yaml, ConsoleFunction)");
        }
        return value.strip();
    }
}
