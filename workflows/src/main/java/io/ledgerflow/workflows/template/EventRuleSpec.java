package io.ledgerflow.workflows.template;

import java.util.List;
import java.util.Map;

/**
 * One {@code AWS::Events::Rule} of the template with an EventPattern, as deployed: the pattern
 * with its intrinsics resolved (plain maps, lists and values, as EventBridge reads the JSON) and
 * its targets.
 *
 * @param enabled State ENABLED (the default) rather than DISABLED
 */
public record EventRuleSpec(String logicalId, String name, String arn, Map<String, Object> eventPattern, boolean enabled,
        List<Target> targets) {

    public EventRuleSpec {
        // In the template's order, as the rule shows it.
        eventPattern = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventPattern));
        targets = List.copyOf(targets);
    }

    /**
     * One of the rule's Targets.
     *
     * @param input the target's fixed Input instead of the event (null: the matched event itself)
     */
    public record Target(String id, String arn, String input) {
    }
}
