package io.ledgerflow.workflows.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A Choice rule: a boolean combination or one comparison; {@code next} is set on top-level rules only. */
public sealed interface ChoiceRule {

    String next();

    record And(List<ChoiceRule> rules, String next) implements ChoiceRule {}

    record Or(List<ChoiceRule> rules, String next) implements ChoiceRule {}

    record Not(ChoiceRule rule, String next) implements ChoiceRule {}

    /**
     * A comparison such as {@code NumericGreaterThan}. {@code operator} is the name without a
     * {@code Path} suffix; {@code operandIsPath} says the operand is a path into the input.
     */
    record Comparison(String variable, String operator, JsonNode operand, boolean operandIsPath, String next)
            implements ChoiceRule {}
}
