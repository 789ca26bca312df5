package io.ledgerflow.workflows.template;

import java.util.Map;

/**
 * One {@code AWS::Serverless::StateMachine} of the template: its deployed name and ARN, its
 * definition file (relative to the template) and its DefinitionSubstitutions, resolved.
 */
public record StateMachineSpec(String logicalId, String name, String arn, String definitionUri,
        Map<String, String> substitutions) {

    public StateMachineSpec {
        substitutions = Map.copyOf(substitutions);
    }
}
