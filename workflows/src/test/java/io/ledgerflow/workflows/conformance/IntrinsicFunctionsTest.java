package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every intrinsic function, with the examples of AWS's "Intrinsic functions" page. */
class IntrinsicFunctionsTest {

    @TempDir
    Path home;
    Sfn sfn;

    @BeforeEach
    void setUp() {
        sfn = new Sfn(home);
    }

    private ExecutionResult call(String expression, String input) {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true,
                 "Parameters": {"r.$": %s}}}}""".formatted(Sfn.JSON.getNodeFactory().textNode(expression).toString());
        return sfn.run(def, input);
    }

    private JsonNode eval(String expression, String input) {
        ExecutionResult r = call(expression, input);
        assertThat(r.status()).as(r.toString()).isEqualTo("SUCCEEDED");
        return r.output().get("r");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "States.Format('Hello, my name is {}.', $.name) | {\"name\": \"Arnav\"} | \"Hello, my name is Arnav.\"",
        "States.Format('{} + {} = {}', 1, 2.5, true) | {} | \"1 + 2.5 = true\"",
        "States.Format('literal \\{\\} and {}', 'x') | {} | \"literal {} and x\"",
        "States.Format('it\\'s {}', $.n) | {\"n\": null} | \"it's null\"",
        "States.StringToJson($.escapedJsonString) | {\"escapedJsonString\": \"{\\\"foo\\\": \\\"bar\\\"}\"} | {\"foo\": \"bar\"}",
        "States.JsonToString($.unescapedJson) | {\"unescapedJson\": {\"foo\": \"bar\"}} | \"{\\\"foo\\\":\\\"bar\\\"}\"",
        "States.Array('Foo', 2020, $.someJson, null) | {\"someJson\": {\"random\": \"abcdefg\"}} | [\"Foo\", 2020, {\"random\": \"abcdefg\"}, null]",
        "States.ArrayPartition($.inputArray, 4) | {\"inputArray\": [1,2,3,4,5,6,7,8,9]} | [[1,2,3,4],[5,6,7,8],[9]]",
        "States.ArrayContains($.inputArray, $.lookingFor) | {\"inputArray\": [1,2,3,4,5,6,7,8,9], \"lookingFor\": 5} | true",
        "States.ArrayContains($.inputArray, 10) | {\"inputArray\": [1,2,3]} | false",
        "States.ArrayRange(1, 9, 2) | {} | [1,3,5,7,9]",
        "States.ArrayGetItem($.inputArray, $.index) | {\"inputArray\": [1,2,3,4,5,6,7,8,9], \"index\": 5} | 6",
        "States.ArrayLength($.inputArray) | {\"inputArray\": [1,2,3,4,5,6,7,8,9]} | 9",
        "States.ArrayUnique($.inputArray) | {\"inputArray\": [1,2,3,3,3,3,3,3,4]} | [1,2,3,4]",
        "States.Base64Encode($.input) | {\"input\": \"Data to encode\"} | \"RGF0YSB0byBlbmNvZGU=\"",
        "States.Base64Decode($.base64) | {\"base64\": \"RGF0YSB0byBlbmNvZGU=\"} | \"Data to encode\"",
        "States.Hash($.Data, $.Algorithm) | {\"Data\": \"input data\", \"Algorithm\": \"SHA-1\"} | \"aaff4a450a104cd177d28d18d74485e8cae074b7\"",
        "States.Hash('input data', 'MD5') | {} | \"812f45842bc6d66ee14572ce20db8e86\"",
        "States.JsonMerge($.json1, $.json2, false) | {\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2}, \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}} | {\"a\": {\"a3\": 1, \"a4\": 2}, \"b\": 2, \"c\": 3}",
        "States.MathAdd($.value1, $.step) | {\"value1\": 111, \"step\": -1} | 110",
        "States.StringSplit($.inputString, $.splitter) | {\"inputString\": \"1,2,3,4,5\", \"splitter\": \",\"} | [\"1\",\"2\",\"3\",\"4\",\"5\"]",
        "States.StringSplit($.inputString, $.splitter) | {\"inputString\": \"This.is+a,test=string\", \"splitter\": \".+,=\"} | [\"This\",\"is\",\"a\",\"test\",\"string\"]",
        "States.ArrayLength(States.Array(1, States.Array(2, 3))) | {} | 2",
        "States.Format('{}', $$.State.Name) | {} | \"S\"",
        // AWS's recorded executions (LocalStack's intrinsic snapshots): objects print like Java maps,
        // decimals are rounded half up for MathAdd, a blank string parses to null.
        "States.Format('{} {}', $.o, $.a) | {\"o\": {\"x\": 1, \"y\": [1, \"s\"]}, \"a\": []} | \"{x=1, y=[1, s]} []\"",
        "States.MathAdd($.a, $.b) | {\"a\": 1.5, \"b\": -1.5} | 1",
        "States.MathAdd($.a, $.b) | {\"a\": -2.5, \"b\": 1.49} | -1",
        "States.StringToJson($.s) | {\"s\": \" \"} | null",
    })
    void documentedExample_givesDocumentedResult(String expression, String input, String expected) {
        assertThat(eval(expression, input)).isEqualTo(json(expected));
    }

    @Test
    void mathRandom_isInRange_andSeededIsRepeatable() {
        // AWS documents "between start and end"; this runtime draws start inclusive, end exclusive.
        for (int i = 0; i < 20; i++) {
            assertThat(eval("States.MathRandom(1, 999)", "{}").asLong()).isBetween(1L, 999L);
        }
        assertThat(eval("States.MathRandom(1, 999, 1234)", "{}")).isEqualTo(eval("States.MathRandom(1, 999, 1234)", "{}"));
    }

    @Test
    void uuid_isVersion4() {
        assertThat(eval("States.UUID()", "{}").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "States.ArrayGetItem($.a, 5) | {\"a\": [1]}",
        "States.Format('{} {}', 1) | {}",
        "States.StringToJson('not json') | {}",
        "States.MathAdd('1', 2) | {}",
        "States.JsonMerge($.a, $.a, true) | {\"a\": {}}",
        "States.Hash('x', 'SHA-3') | {}",
        "States.ArrayPartition($.a, 0) | {\"a\": [1]}",
        "States.Base64Decode('%%%') | {}",
        "States.Format('{}', $.missing) | {}",
    })
    void misuse_failsWithIntrinsicFailure(String expression, String input) {
        ExecutionResult r = call(expression, input);
        assertThat(r.error()).isEqualTo("States.IntrinsicFailure");
        assertThat(r.cause()).contains("'S'");
    }
}
