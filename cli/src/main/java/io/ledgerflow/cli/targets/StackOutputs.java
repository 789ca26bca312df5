package io.ledgerflow.cli.targets;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The outputs of a deployed ledgerflow stack (workflows/template.yaml's {@code Outputs}), so that
 * an operator names the environment ({@code --stack ledgerflow-staging}) instead of copying ARNs:
 * several stacks share an account, each with its own state machines.
 */
public final class StackOutputs {

    /** The template's outputs the CLI reads, by the state machine's short name. */
    public static final Map<String, String> STATE_MACHINE_OUTPUTS = Map.of(
            StateMachines.DAILY_JOURNAL, "DailyJournalStateMachineArn",
            StateMachines.MONTHLY_CLOSE, "MonthlyCloseStateMachineArn");

    /** Thrown when the stack does not exist, or lacks an output the command needs. */
    public static final class StackNotUsableException extends RuntimeException {
        public StackNotUsableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private StackOutputs() {}

    /**
     * Reads the stack's outputs with the SDK's credential chain.
     *
     * @param endpoint null for the region's CloudFormation endpoint (or AWS_ENDPOINT_URL_CLOUDFORMATION)
     * @param region   null for the SDK's region chain, else {@link AwsTarget#DEFAULT_REGION}
     */
    public static Map<String, String> read(URI endpoint, String region, String stackName) {
        CloudFormationClientBuilder builder = CloudFormationClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(region != null ? region : defaultRegion()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        try (CloudFormationClient client = builder.build()) {
            return read(client, stackName);
        }
    }

    /** Output key to value of {@code stackName}; throws {@link StackNotUsableException} if there is no such stack. */
    public static Map<String, String> read(CloudFormationClient client, String stackName) {
        List<Stack> stacks;
        try {
            stacks = client.describeStacks(r -> r.stackName(stackName)).stacks();
        } catch (CloudFormationException e) {
            throw new StackNotUsableException("cannot read stack '" + stackName + "': "
                    + e.awsErrorDetails().errorMessage(), e);
        }
        if (stacks.isEmpty()) {
            throw new StackNotUsableException("stack '" + stackName + "' does not exist", null);
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stacks.get(0).outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        return outputs;
    }

    /** The state machines' ARNs among the outputs, by short name; throws when one of {@code required} is missing. */
    public static Map<String, String> stateMachineArns(String stackName, Map<String, String> outputs, String... required) {
        Map<String, String> arns = new LinkedHashMap<>();
        STATE_MACHINE_OUTPUTS.forEach((name, key) -> {
            String arn = outputs.get(key);
            if (arn != null && !arn.isBlank()) {
                arns.put(name, arn);
            }
        });
        for (String name : required) {
            if (!arns.containsKey(name)) {
                throw new StackNotUsableException("stack '" + stackName + "' has no output " + STATE_MACHINE_OUTPUTS.get(name)
                        + " (is it a ledgerflow stack, deployed from workflows/template.yaml?)", null);
            }
        }
        return arns;
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException none) {
            return AwsTarget.DEFAULT_REGION;
        }
    }
}
