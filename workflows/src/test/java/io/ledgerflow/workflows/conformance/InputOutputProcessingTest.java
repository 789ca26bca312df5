package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.handlers.TestHandlers;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InputPath, Parameters, ResultSelector, ResultPath, OutputPath and the context object, with the
 * examples of AWS's "Processing input and output in Step Functions" pages.
 */
class InputOutputProcessingTest {

    @TempDir
    Path home;
    Sfn sfn;

    // The input of AWS's ResultPath examples; the HelloWorld function returns "Hello, AWS Step Functions!".
    static final String HELLO_INPUT = """
            {"comment": "This is a test of the input and output of a Task state.",
             "details": "Default example", "who": "AWS Step Functions"}""";

    @BeforeEach
    void setUp() {
        sfn = new Sfn(home).handler("HelloFunction", TestHandlers.HelloWorld.class)
                .handler("Echo", TestHandlers.Echo.class);
    }

    private static String helloTask(String resultPathJson) {
        return """
                {"StartAt": "Hello", "States": {"Hello": {"Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
                 %s "End": true}}}""".formatted(resultPathJson);
    }

    @Test
    void resultPath_dollar_replacesInputWithResult() {
        ExecutionResult r = sfn.run(helloTask("\"ResultPath\": \"$\","), HELLO_INPUT);
        assertThat(r.output()).isEqualTo(json("\"Hello, AWS Step Functions!\""));
    }

    @Test
    void resultPath_absent_defaultsToDollar() {
        assertThat(sfn.run(helloTask(""), HELLO_INPUT).output()).isEqualTo(json("\"Hello, AWS Step Functions!\""));
    }

    @Test
    void resultPath_null_discardsResult() {
        ExecutionResult r = sfn.run(helloTask("\"ResultPath\": null,"), HELLO_INPUT);
        assertThat(r.output()).isEqualTo(json(HELLO_INPUT));
    }

    @Test
    void resultPath_path_addsResultToInput() {
        ExecutionResult r = sfn.run(helloTask("\"ResultPath\": \"$.taskresult\","), HELLO_INPUT);
        assertThat(r.output()).isEqualTo(json("""
                {"comment": "This is a test of the input and output of a Task state.",
                 "details": "Default example", "who": "AWS Step Functions",
                 "taskresult": "Hello, AWS Step Functions!"}"""));
    }

    @Test
    void resultPath_existingField_isOverwritten() {
        ExecutionResult r = sfn.run(helloTask("\"ResultPath\": \"$.details\","), HELLO_INPUT);
        assertThat(r.output().get("details").asText()).isEqualTo("Hello, AWS Step Functions!");
    }

    @Test
    void resultPath_nestedMissingObjects_areCreated() {
        ExecutionResult r = sfn.run(helloTask("\"ResultPath\": \"$.a.b.c\","), HELLO_INPUT);
        assertThat(r.output().at("/a/b/c").asText()).isEqualTo("Hello, AWS Step Functions!");
    }

    @Test
    void resultPath_throughNonObject_failsWithResultPathMatchFailure() {
        ExecutionResult r = sfn.run(helloTask("\"ResultPath\": \"$.who.x\","), HELLO_INPUT);
        assertThat(r.error()).isEqualTo("States.ResultPathMatchFailure");
    }

    @Test
    void inputPath_selectsPartOfInput() {
        // AWS example: InputPath "$.dataset2".
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "InputPath": "$.dataset2", "End": true}}}""";
        ExecutionResult r = sfn.run(def, """
                {"comment": "Example for InputPath.", "dataset1": {"val1": 1, "val2": 2, "val3": 3},
                 "dataset2": {"val1": "a", "val2": "b", "val3": "c"}}""");
        assertThat(r.output()).isEqualTo(json("{\"val1\": \"a\", \"val2\": \"b\", \"val3\": \"c\"}"));
    }

    @Test
    void inputPath_null_givesEmptyObject() {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "InputPath": null, "End": true}}}""";
        assertThat(sfn.run(def, "{\"a\": 1}").output()).isEqualTo(json("{}"));
    }

    @Test
    void inputPath_missing_failsWithStatesRuntime() {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "InputPath": "$.nope", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"a\": 1}");
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("'S'").contains("$.nope");
    }

    @Test
    void parameters_buildsNewInputWithDollarKeys() {
        // AWS example from "Manipulate parameters in Step Functions workflows".
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "Parameters": {
                  "comment": "Selecting what I care about.",
                  "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability",
                                "StaticValue": "foo"}}}}}""";
        ExecutionResult r = sfn.run(def, """
                {"comment": "Example for Parameters.", "product": {"details": {"color": "blue",
                 "size": "small", "material": "cotton"}, "availability": "in stock", "sku": "2317",
                 "cost": "$23"}}""");
        assertThat(r.output()).isEqualTo(json("""
                {"comment": "Selecting what I care about.",
                 "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"}}"""));
    }

    @Test
    void parameters_missingPath_failsWithStatesRuntime() {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "Parameters": {"x.$": "$.missing"}}}}""";
        ExecutionResult r = sfn.run(def, "{}");
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("'x.$'");
    }

    @Test
    void resultSelector_reshapesTaskResultBeforeResultPath() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Echo",
                 "Parameters": {"resourceType": "elasticmapreduce", "output": {"ClusterId": "AKIAIOSFODNN7EXAMPLE"}},
                 "ResultSelector": {"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"},
                 "ResultPath": "$.EMROutput", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"keep\": true}");
        assertThat(r.output()).isEqualTo(json("""
                {"keep": true, "EMROutput": {"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"}}"""));
    }

    @Test
    void outputPath_selectsPartOfOutput() {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r",
                 "OutputPath": "$.r", "End": true}}}""";
        assertThat(sfn.run(def, "{\"a\": 1}").output()).isEqualTo(json("{\"x\": 1}"));
    }

    @Test
    void outputPath_null_givesEmptyObject() {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "OutputPath": null, "End": true}}}""";
        assertThat(sfn.run(def, "{\"a\": 1}").output()).isEqualTo(json("{}"));
    }

    @Test
    void pass_result_isTheStateResult() {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355},
                 "ResultPath": "$.coords", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"georefOf\": \"Home\"}");
        assertThat(r.output()).isEqualTo(json("""
                {"georefOf": "Home", "coords": {"x-datum": 0.381018, "y-datum": 622.2269926397355}}"""));
    }

    @Test
    void contextObject_executionAndStateFields() {
        String def = """
                {"StartAt": "First", "States": {"First": {"Type": "Pass", "End": true, "Parameters": {
                 "name.$": "$$.Execution.Name", "id.$": "$$.Execution.Id", "input.$": "$$.Execution.Input",
                 "state.$": "$$.State", "sm.$": "$$.StateMachine.Name", "start.$": "$$.Execution.StartTime"}}}}""";
        ExecutionResult r = sfn.run(def, "{\"k\": 1}", "ctx-test");
        assertThat(r.output().get("name").asText()).isEqualTo("ctx-test");
        assertThat(r.output().get("id").asText()).endsWith(":execution:Test:ctx-test");
        assertThat(r.output().get("input")).isEqualTo(json("{\"k\": 1}"));
        assertThat(r.output().get("sm").asText()).isEqualTo("Test");
        assertThat(r.output().get("start").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        // A Pass state cannot retry: AWS gives it State.Name and State.EnteredTime, no RetryCount.
        assertThat(r.output().get("state").get("Name").asText()).isEqualTo("First");
        assertThat(r.output().get("state").get("EnteredTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(r.output().get("state").has("RetryCount")).isFalse();
    }

    @Test
    void contextObject_taskState_hasRetryCount() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "End": true,
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Echo",
                 "Parameters": {"retry.$": "$$.State.RetryCount"}}}}""";
        assertThat(sfn.run(def, "{}").output()).isEqualTo(json("{\"retry\": 0}"));
    }

    @Test
    void contextPath_inInputPathAndOutputPath_readsTheContextObject() {
        String def = """
                {"StartAt": "A", "States": {
                 "A": {"Type": "Pass", "InputPath": "$$.Execution.Input", "Next": "B"},
                 "B": {"Type": "Pass", "OutputPath": "$$.State.Name", "End": true}}}""";
        assertThat(sfn.run(def, "{\"k\": 1}").output()).isEqualTo(json("\"B\""));
    }

    @Test
    void jsonPath_indefinitePath_selectsArrayOfMatches() {
        String def = """
                {"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "Parameters": {
                 "ids.$": "$.items[*].id", "cheap.$": "$.items[?(@.price < 10)].id", "last.$": "$.items[-1:].id",
                 "first.$": "$.items[0].id"}}}}""";
        ExecutionResult r = sfn.run(def, """
                {"items": [{"id": "a", "price": 5}, {"id": "b", "price": 20}, {"id": "c", "price": 7}]}""");
        assertThat(r.output()).isEqualTo(json("""
                {"ids": ["a", "b", "c"], "cheap": ["a", "c"], "last": ["c"], "first": "a"}"""));
    }

    @Test
    void taskResultOver256KiB_isATaskFailure_caughtByStatesAll() {
        // AWS's docs call States.DataLimitExceeded uncatchable by States.ALL; AWS's recorded
        // executions (LocalStack's test_states_errors snapshots) show a task's oversized result caught by it.
        sfn.handler("Big", TestHandlers.Big.class);
        String def = """
                {"StartAt": "T", "States": {
                 "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Big",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                 "Caught": {"Type": "Succeed"}}}""";
        ExecutionResult r = sfn.run(def, "{\"bytes\": 270000}");
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(r.output()).isEqualTo(json("""
                {"Error": "States.DataLimitExceeded", "Cause": "The state/task 'arn:aws:lambda:us-east-1:123456789012:function:Big' \
                returned a result with a size exceeding the maximum number of bytes service limit."}"""));
    }

    @Test
    void stateOutputOver256KiB_failsWithDataLimitExceeded_notCaughtByStatesAll() {
        sfn.handler("Big", TestHandlers.Big.class);
        String def = """
                {"StartAt": "P", "States": {
                 "P": {"Type": "Parallel", "Branches": [
                   {"StartAt": "T", "States": {"T": {"Type": "Task",
                    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Big", "End": true}}},
                   {"StartAt": "U", "States": {"U": {"Type": "Task",
                    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Big", "End": true}}}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                 "Caught": {"Type": "Succeed"}}}""";
        ExecutionResult r = sfn.run(def, "{\"bytes\": 200000}");
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(r.cause()).isEqualTo("The state/task 'P' returned a result with a size exceeding the maximum number of bytes service limit.");
    }

    @Test
    void payload_justUnder256KiB_isAccepted() {
        sfn.handler("Big", TestHandlers.Big.class);
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Big", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"bytes\": 262000}");
        assertThat(r.status()).isEqualTo("SUCCEEDED");
    }
}
