package io.ledgerflow.cli.targets;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.lambdas.stepfunctions.StepFunctionsClient;
import io.ledgerflow.workflows.asl.Definitions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state machines bundled in the ledgerflow jar: the very {@code workflows/*.asl.json} files
 * that are deployed. A state machine's short name is its file name ({@code daily-journal}); its
 * deployed name is {@value #DEPLOYED_PREFIX} + the short name, which the local server uses in
 * ARNs: {@code arn:aws:states:REGION:ACCOUNT:stateMachine:ledgerflow-daily-journal}.
 */
public final class StateMachines {

    public static final String DAILY_JOURNAL = "daily-journal";
    public static final String MONTHLY_CLOSE = "monthly-close";
    public static final String DEPLOYED_PREFIX = "ledgerflow-";
    /** Every state machine ledgerflow deploys; those whose ASL is not in the jar yet are skipped. */
    private static final List<String> KNOWN = List.of(DAILY_JOURNAL, MONTHLY_CLOSE);
    private static final String RESOURCE_DIR = "ledgerflow/workflows/";

    private StateMachines() {}

    /** The bundled definitions by short name, substituted for the embedded default's handlers. */
    public static Map<String, String> bundled() {
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : KNOWN) {
            definition(name).ifPresent(text -> found.put(name, text));
        }
        return found;
    }

    /** The bundled definition of {@code name}, with the DefinitionSubstitutions the template gives it locally. */
    public static Optional<String> definition(String name) {
        String file = name + ".asl.json";
        return resource(RESOURCE_DIR + file).map(text -> Definitions.substitute(text, LocalLedger.substitutions(file)));
    }

    public static String deployedName(String shortName) {
        return DEPLOYED_PREFIX + shortName;
    }

    /** The short name of a deployed name, or empty when it is not one of ours. */
    public static Optional<String> shortName(String deployedName) {
        return deployedName.startsWith(DEPLOYED_PREFIX)
                ? Optional.of(deployedName.substring(DEPLOYED_PREFIX.length())) : Optional.empty();
    }

    public static String stateMachineArn(String region, String account, String shortName) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + deployedName(shortName);
    }

    /** An execution's ARN from its state machine's ARN, as Step Functions forms it. */
    public static String executionArn(String stateMachineArn, String executionName) {
        return StepFunctionsClient.executionArn(stateMachineArn, executionName);
    }

    private static Optional<String> resource(String name) {
        try (InputStream in = StateMachines.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the ledgerflow jar", e);
        }
    }
}
