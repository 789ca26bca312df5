package io.ledgerflow.cli.targets;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.workflows.asl.Definitions;
import io.ledgerflow.workflows.runtime.LocalStateMachine;
import io.ledgerflow.workflows.runtime.StatesArns;
import io.ledgerflow.workflows.template.StateMachineSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state machines bundled in the ledgerflow jar: the very {@code workflows/*.asl.json} files
 * that are deployed. A state machine's short name is its file name ({@code daily-journal}), which
 * the CLI's commands and options use; its deployed name is the template's
 * ({@code ${AWS::StackName}-daily-journal}: {@code ledgerflow-daily-journal} in the embedded stack,
 * {@link LocalLedger#stack()}), which the local service uses in ARNs:
 * {@code arn:aws:states:REGION:000000000000:stateMachine:ledgerflow-daily-journal}.
 */
public final class StateMachines {

    public static final String DAILY_JOURNAL = "daily-journal";
    public static final String MONTHLY_CLOSE = "monthly-close";
    /** Every state machine ledgerflow deploys; those whose ASL is not in the jar yet are skipped. */
    private static final List<String> KNOWN = List.of(DAILY_JOURNAL, MONTHLY_CLOSE);
    private static final String RESOURCE_DIR = "ledgerflow/workflows/";
    private static final String ASL_SUFFIX = ".asl.json";

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
        String file = name + ASL_SUFFIX;
        return resource(RESOURCE_DIR + file).map(text -> Definitions.substitute(text, LocalLedger.substitutions(file)));
    }

    /**
     * The bundled state machines as the local service runs them, deployed in {@code region}: their
     * deployed names, ARNs and substituted definitions, in the stack's order.
     */
    public static List<LocalStateMachine> local(String region) {
        StatesArns arns = new StatesArns(region, StatesArns.ACCOUNT);
        Map<String, String> definitions = bundled();
        List<LocalStateMachine> machines = new ArrayList<>();
        definitions.forEach((shortName, definition) -> {
            String name = deployedName(shortName);
            machines.add(new LocalStateMachine(name, arns.stateMachineArn(name), definition));
        });
        return machines;
    }

    /** The template's name for the state machine defined in {@code shortName}.asl.json, in the embedded stack. */
    public static String deployedName(String shortName) {
        return LocalLedger.stack().stateMachines().stream().filter(m -> m.definitionUri().equals(shortName + ASL_SUFFIX))
                .findFirst().map(StateMachineSpec::name)
                .orElseThrow(() -> new IllegalStateException("the template deploys no state machine from " + shortName + ASL_SUFFIX));
    }

    /** The short name of a state machine the embedded stack deploys, or empty when it is not one of ours. */
    public static Optional<String> shortName(String deployedName) {
        return LocalLedger.stack().stateMachines().stream().filter(m -> m.name().equals(deployedName)).findFirst()
                .map(m -> m.definitionUri().substring(0, m.definitionUri().length() - ASL_SUFFIX.length()));
    }

    public static String stateMachineArn(String region, String account, String shortName) {
        return new StatesArns(region, account).stateMachineArn(deployedName(shortName));
    }

    /** An execution's ARN from its state machine's ARN, as Step Functions forms it. */
    public static String executionArn(String stateMachineArn, String executionName) {
        return StatesArns.executionArn(stateMachineArn, executionName);
    }

    private static Optional<String> resource(String name) {
        try (InputStream in = StateMachines.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the ledgerflow jar", e);
        }
    }
}
