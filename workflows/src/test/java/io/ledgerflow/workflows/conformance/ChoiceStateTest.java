package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Choice rules, from AWS's "Choice state" page: each operator, its Path form, And/Or/Not, Default. */
class ChoiceStateTest {

    @TempDir
    Path home;
    Sfn sfn;

    @BeforeEach
    void setUp() {
        sfn = new Sfn(home);
    }

    /** A machine whose output is "yes" when {@code rule} matches and "no" otherwise. */
    private String branch(String rule, String input) {
        String def = """
                {"StartAt": "C", "States": {
                 "C": {"Type": "Choice", "Choices": [%s], "Default": "No"},
                 "Yes": {"Type": "Pass", "Result": "yes", "End": true},
                 "No": {"Type": "Pass", "Result": "no", "End": true}}}""".formatted(withNext(rule));
        ExecutionResult r = sfn.run(def, input);
        assertThat(r.status()).as(r.toString()).isEqualTo("SUCCEEDED");
        return r.output().asText();
    }

    private static String withNext(String rule) {
        return ((com.fasterxml.jackson.databind.node.ObjectNode) json(rule)).put("Next", "Yes").toString();
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "StringEquals            | \"b\"                   | \"b\"                  | yes",
        "StringEquals            | \"b\"                   | 1                      | no",
        "StringLessThan          | \"b\"                   | \"a\"                  | yes",
        "StringGreaterThan       | \"b\"                   | \"c\"                  | yes",
        "StringLessThanEquals    | \"b\"                   | \"b\"                  | yes",
        "StringGreaterThanEquals | \"b\"                   | \"a\"                  | no",
        "NumericEquals           | 10                      | 10.0                   | yes",
        "NumericEquals           | 10                      | \"10\"                 | no",
        "NumericLessThan         | 10                      | 9.5                    | yes",
        "NumericGreaterThan      | 10                      | 10                     | no",
        "NumericLessThanEquals   | 10                      | 10                     | yes",
        "NumericGreaterThanEquals| 10                      | 11                     | yes",
        "BooleanEquals           | true                    | true                   | yes",
        "BooleanEquals           | true                    | \"true\"               | no",
        "TimestampEquals         | \"2016-08-18T17:33:00Z\" | \"2016-08-18T19:33:00+02:00\" | yes",
        "TimestampLessThan       | \"2016-08-18T17:33:00Z\" | \"2016-08-18T17:32:59Z\" | yes",
        "TimestampGreaterThan    | \"2016-08-18T17:33:00Z\" | \"2016-08-18T17:33:01Z\" | yes",
        "TimestampLessThanEquals | \"2016-08-18T17:33:00Z\" | \"2016-08-18T17:33:00Z\" | yes",
        "TimestampGreaterThanEquals | \"2016-08-18T17:33:00Z\" | \"2016-08-18T17:32:00Z\" | no",
        "IsNull                  | true                    | null                   | yes",
        "IsNumeric               | true                    | 1.5                    | yes",
        "IsString                | true                    | 1                      | no",
        "IsBoolean               | false                   | \"x\"                  | yes",
        "IsTimestamp             | true                    | \"2016-08-18T17:33:00Z\" | yes",
        "IsTimestamp             | true                    | \"2016-08-18 17:33:00\" | no",
    })
    void comparisonOperators_matchOnlyTheirType(String operator, String operand, String value, String expected) {
        String rule = "{\"Variable\": \"$.v\", \"%s\": %s}".formatted(operator, operand);
        assertThat(branch(rule, "{\"v\": " + value + "}")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}Path")
    @CsvSource(delimiter = '|', value = {
        "StringEquals | \"a\" | \"a\" | yes",
        "NumericGreaterThan | 5 | 3 | yes",
        "NumericLessThanEquals | 5 | 3 | no",
        "BooleanEquals | true | false | no",
        "TimestampGreaterThan | \"2020-01-02T00:00:00Z\" | \"2020-01-01T00:00:00Z\" | yes",
    })
    void pathOperators_compareTwoInputValues(String operator, String v, String other, String expected) {
        String rule = "{\"Variable\": \"$.v\", \"%sPath\": \"$.other\"}".formatted(operator);
        assertThat(branch(rule, "{\"v\": %s, \"other\": %s}".formatted(v, other))).isEqualTo(expected);
    }

    @Test
    void isPresent_doesNotFailOnMissingVariable() {
        assertThat(branch("{\"Variable\": \"$.missing\", \"IsPresent\": false}", "{}")).isEqualTo("yes");
        assertThat(branch("{\"Variable\": \"$.here\", \"IsPresent\": true}", "{\"here\": null}")).isEqualTo("yes");
    }

    @Test
    void missingVariable_failsWithStatesRuntime() {
        String def = """
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                 {"Variable": "$.missing", "NumericEquals": 1, "Next": "Done"}], "Default": "Done"},
                 "Done": {"Type": "Succeed"}}}""";
        assertThat(sfn.run(def, "{}").error()).isEqualTo("States.Runtime");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "log-*.txt | log-2024.txt | yes",
        "log-*.txt | log-.txt | yes",
        "log-*.txt | log.txt | no",
        "*.log | app.log | yes",
        "a\\\\*b | a*b | yes",
        "a\\\\*b | axb | no",
    })
    void stringMatches_starIsWildcard_andEscapesAreLiteral(String pattern, String value, String expected) {
        String rule = "{\"Variable\": \"$.v\", \"StringMatches\": \"%s\"}".formatted(pattern);
        assertThat(branch(rule, "{\"v\": \"%s\"}".formatted(value))).isEqualTo(expected);
    }

    @Test
    void andOrNot_combineRules_asInAwsExample() {
        // AWS's example: Not Private, and 20 <= value < 30.
        String rule = """
                {"And": [{"Not": {"Variable": "$.type", "StringEquals": "Private"}},
                         {"Or": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "IsNull": true}]},
                         {"Variable": "$.value", "NumericLessThan": 30}]}""";
        assertThat(branch(rule, "{\"type\": \"Public\", \"value\": 25}")).isEqualTo("yes");
        assertThat(branch(rule, "{\"type\": \"Private\", \"value\": 25}")).isEqualTo("no");
        assertThat(branch(rule, "{\"type\": \"Public\", \"value\": 30}")).isEqualTo("no");
    }

    @Test
    void firstMatchingRule_wins_andOutputIsTheInput() {
        String def = """
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "OutputPath": "$.keep", "Choices": [
                 {"Variable": "$.n", "NumericGreaterThan": 1, "Next": "A"},
                 {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "B"}]},
                 "A": {"Type": "Pass", "Result": "A", "ResultPath": "$.went", "End": true},
                 "B": {"Type": "Pass", "Result": "B", "ResultPath": "$.went", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"n\": 5, \"keep\": {\"k\": 1}}");
        assertThat(r.output()).isEqualTo(json("{\"k\": 1, \"went\": \"A\"}"));
    }

    @Test
    void noMatch_withoutDefault_failsWithNoChoiceMatched() {
        String def = """
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                 {"Variable": "$.n", "NumericEquals": 1, "Next": "Done"}]}, "Done": {"Type": "Succeed"}}}""";
        assertThat(sfn.run(def, "{\"n\": 2}").error()).isEqualTo("States.NoChoiceMatched");
    }

    @Test
    void contextObjectVariable_isCompared() {
        assertThat(branch("{\"Variable\": \"$$.State.Name\", \"StringEquals\": \"C\"}", "{}")).isEqualTo("yes");
    }
}
