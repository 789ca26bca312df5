package io.ledgerflow.workflows.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.workflows.Sfn;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code workflow validate}: each bad definition (a file under asl/invalid) is rejected naming its state and rule. */
class AslValidatorTest {

    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource({
        "unknown-field,              A,            UNKNOWN_FIELD",
        "unreachable-state,          Orphan,       UNREACHABLE_STATE",
        "missing-transition,         A,            MISSING_TRANSITION",
        "next-and-end,               A,            MISSING_TRANSITION",
        "unknown-next,               A,            UNKNOWN_STATE",
        "bad-jsonpath,               A,            INVALID_JSONPATH",
        "bad-parameters-path,        A,            INVALID_JSONPATH",
        "resultpath-not-reference,   A,            INVALID_JSONPATH",
        "bad-intrinsic,              A,            INVALID_INTRINSIC",
        "distributed-field-inline,   M,            DISTRIBUTED_ONLY_FIELD",
        "states-all-not-last,        A,            INVALID_ERROR_HANDLER",
        "choice-nested-next,         C,            INVALID_CHOICE_RULE",
        "choice-operand-type,        C,            INVALID_CHOICE_RULE",
        "choice-has-end,             C,            INVALID_TRANSITION",
        "wait-two-durations,         W,            EXCLUSIVE_FIELDS",
        "wait-timestamp-no-offset,   W,            INVALID_TIMESTAMP",
        "intrinsic-illegal-escape,   A,            INVALID_INTRINSIC",
        "duplicate-state-name,       P,            DUPLICATE_STATE_NAME",
        "unknown-type,               A,            INVALID_VALUE",
        "missing-startat,            (definition), MISSING_FIELD",
        "retry-bad-backoff,          A,            INVALID_ERROR_HANDLER",
        "nested-unreachable,         Lost,         UNREACHABLE_STATE",
        "tolerated-percentage-range, M,            INVALID_VALUE",
    })
    void badDefinition_isRejected_namingStateAndRule(String file, String state, String rule) {
        String text = Sfn.resource("asl/invalid/" + file + ".asl.json");
        assertThatThrownBy(() -> Definitions.readValid(text, Map.of()))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e ->
                        assertThat(e.problems()).anySatisfy(p -> {
                            assertThat(p.state()).isEqualTo(state);
                            assertThat(p.rule()).isEqualTo(rule);
                        }));
    }

    @Test
    void invalidJson_isRejected() {
        assertThatThrownBy(() -> Definitions.readValid("{\"StartAt\": ", Map.of()))
                .isInstanceOfSatisfying(InvalidDefinitionException.class,
                        e -> assertThat(e.problems().get(0).rule()).isEqualTo("INVALID_JSON"));
    }

    @Test
    void validDefinitions_usedByTheConformanceTests_pass() {
        for (String file : new String[] {"asl/distributed-csv.asl.json"}) {
            assertThat(AslValidator.validate(Sfn.json(Definitions.substitute(Sfn.resource(file), Map.of()))))
                    .as(file).isEmpty();
        }
    }

    @Test
    void everyProblemIsReported_notJustTheFirst() {
        String text = """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Bogus": 1}, "B": {"Type": "Pass", "End": true}}}""";
        assertThatThrownBy(() -> Definitions.readValid(text, Map.of()))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(Problem::rule).contains("UNKNOWN_FIELD", "MISSING_TRANSITION", "UNREACHABLE_STATE"));
    }
}
