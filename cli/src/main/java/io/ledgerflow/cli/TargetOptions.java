package io.ledgerflow.cli;

import io.ledgerflow.cli.targets.AwsTarget;
import io.ledgerflow.cli.targets.StackOutputs;
import io.ledgerflow.cli.targets.StateMachines;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * {@code --target}: where {@code daily}, {@code rerun}, {@code redrive}, {@code status} (and
 * {@code close}) run their workflow: the embedded runtime (default) or AWS Step Functions, or any
 * endpoint speaking its protocol ({@code ledgerflow local serve}).
 */
final class TargetOptions {

    enum Kind { EMBEDDED, AWS }

    static final String DAILY_ARN_ENV = "LEDGERFLOW_DAILY_STATE_MACHINE_ARN";
    static final String CLOSE_ARN_ENV = "LEDGERFLOW_CLOSE_STATE_MACHINE_ARN";
    static final String STACK_ENV = "LEDGERFLOW_STACK";

    @Option(names = "--target", paramLabel = "embedded|aws", defaultValue = "${env:LEDGERFLOW_TARGET:-embedded}",
            description = "Where the workflow runs: embedded (this machine) or aws (Step Functions; "
                    + "default: $LEDGERFLOW_TARGET, else embedded).")
    Kind kind;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "With --target aws: the Step Functions endpoint (default: $AWS_ENDPOINT_URL_SFN, "
                    + "$AWS_ENDPOINT_URL, else the region's).")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "With --target aws: the region (default: the AWS SDK's chain, AWS_REGION or the profile, "
                    + "else " + AwsTarget.DEFAULT_REGION + ").")
    String region;

    @Option(names = "--daily-state-machine-arn", paramLabel = "ARN",
            description = "With --target aws: the daily journal state machine (default: $" + DAILY_ARN_ENV + ").")
    String dailyArn;

    @Option(names = "--close-state-machine-arn", paramLabel = "ARN",
            description = "With --target aws: the monthly close state machine (default: $" + CLOSE_ARN_ENV + ").")
    String closeArn;

    @Option(names = "--stack", paramLabel = "NAME",
            description = "With --target aws: the deployed stack (e.g. ledgerflow-staging) whose outputs give the state"
                    + " machines' ARNs (default: $" + STACK_ENV + "); an ARN option or variable wins over it.")
    String stack;

    @Option(names = "--cloudformation-endpoint-url", paramLabel = "URL",
            description = "With --stack: the CloudFormation endpoint (default: $AWS_ENDPOINT_URL_CLOUDFORMATION, else"
                    + " the region's).")
    URI cloudFormationEndpoint;

    @Option(names = "--sts-endpoint-url", paramLabel = "URL",
            description = "With --target aws: the STS endpoint that tells who you are (GetCallerIdentity; default: "
                    + "$AWS_ENDPOINT_URL_STS, $AWS_ENDPOINT_URL, else the region's; 'ledgerflow local serve' serves it).")
    URI stsEndpoint;

    boolean aws() {
        return kind == Kind.AWS;
    }

    /**
     * Opens Step Functions with the options, then the environment.
     *
     * @param required the short names of the state machines the command needs an ARN for
     */
    AwsTarget openAws(CommandSpec spec, String... required) {
        Map<String, String> arns = new HashMap<>();
        put(arns, StateMachines.DAILY_JOURNAL, dailyArn, DAILY_ARN_ENV);
        put(arns, StateMachines.MONTHLY_CLOSE, closeArn, CLOSE_ARN_ENV);
        String stackName = stack != null ? stack : System.getenv(STACK_ENV);
        boolean missing = java.util.Arrays.stream(required).anyMatch(name -> !arns.containsKey(name));
        if (stackName != null && !stackName.isBlank() && missing) {
            String[] needed = java.util.Arrays.stream(required).filter(name -> !arns.containsKey(name)).toArray(String[]::new);
            try {
                Map<String, String> outputs = StackOutputs.read(cloudFormationEndpoint, region, stackName.trim());
                StackOutputs.stateMachineArns(stackName.trim(), outputs, needed).forEach(arns::putIfAbsent);
            } catch (StackOutputs.StackNotUsableException e) {
                throw new ParameterException(spec.commandLine(), "--stack " + stackName.trim() + ": " + e.getMessage());
            }
        }
        for (String name : required) {
            if (!arns.containsKey(name)) {
                String option = name.equals(StateMachines.DAILY_JOURNAL) ? "--daily-state-machine-arn" : "--close-state-machine-arn";
                String env = name.equals(StateMachines.DAILY_JOURNAL) ? DAILY_ARN_ENV : CLOSE_ARN_ENV;
                throw new ParameterException(spec.commandLine(), "--target aws needs the " + name + " state machine: give "
                        + "--stack NAME (its outputs name it), " + option + " ARN or set " + env
                        + " ('ledgerflow local serve' prints them)");
            }
        }
        return AwsTarget.open(endpoint(), region, arns);
    }

    /**
     * The caller's AWS identity: the ARN STS GetCallerIdentity returns for the credentials this
     * command signs with (the SDK's default chain), e.g.
     * {@code arn:aws:sts::123456789012:assumed-role/ledgerflow-operator/alice}. No permission is
     * needed for it (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
     *
     * @throws CallerUnknownException when STS cannot be reached or refuses the credentials
     */
    String callerArn() {
        String resolvedRegion = region != null ? region : defaultRegion();
        StsClientBuilder builder = StsClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(resolvedRegion));
        URI sts = firstOf(stsEndpoint, "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL");
        if (sts != null) {
            builder.endpointOverride(sts);
        }
        try (StsClient client = builder.build()) {
            return client.getCallerIdentity().arn();
        } catch (SdkException e) {
            throw new CallerUnknownException("--target aws records who acts, and STS GetCallerIdentity failed ("
                    + (sts != null ? sts : "region " + resolvedRegion) + "): " + e.getMessage()
                    + "; nothing was started", e);
        }
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException none) {
            return AwsTarget.DEFAULT_REGION;
        }
    }

    private static URI firstOf(URI option, String... envs) {
        if (option != null) {
            return option;
        }
        for (String env : envs) {
            String value = System.getenv(env);
            if (value != null && !value.isBlank()) {
                return URI.create(value.trim());
            }
        }
        return null;
    }

    private URI endpoint() {
        if (endpoint != null) {
            return endpoint;
        }
        for (String env : new String[] {"AWS_ENDPOINT_URL_SFN", "AWS_ENDPOINT_URL"}) {
            String value = System.getenv(env);
            if (value != null && !value.isBlank()) {
                return URI.create(value.trim());
            }
        }
        return null;
    }

    private static void put(Map<String, String> arns, String name, String option, String env) {
        String value = option != null ? option : System.getenv(env);
        if (value != null && !value.isBlank()) {
            arns.put(name, value.trim());
        }
    }
}
