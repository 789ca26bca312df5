package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.handlers.TestHandlers;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.template.FunctionSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions loaded and invoked by AWS's Lambda Java runtime interface client, as a template
 * declares them: what Lambda could not load or call fails here too, and the template's limits apply.
 */
class RuntimeInterfaceClientTest {

    @TempDir
    Path home;

    private static String task(String function) {
        return """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "%s", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}"""
                .formatted(function);
    }

    private static FunctionSpec spec(String name, String handler, int timeoutSeconds) {
        return new FunctionSpec(name, name, LambdaFunctions.arn(name), handler, Map.of(), timeoutSeconds, 512, List.of());
    }

    @Test
    void finalHandleRequestOfAPackagePrivateClass_failsAsOnAws_whenTheHandlerNamesTheMethod() {
        // given the handler shape every function had: Class::handleRequest, inherited final from a package-private class
        Sfn sfn = new Sfn(home).function(spec("Hidden", TestHandlers.HiddenHandleRequest.class.getName() + "::handleRequest", 30));

        // when
        ExecutionResult r = sfn.run(task("Hidden"), "{}");

        // then Lambda's runtime cannot call it: the reflective call is refused
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("java.lang.IllegalAccessException");
        assertThat(json(r.cause()).get("errorMessage").asText()).contains("PackagePrivateStreamHandler");
    }

    @Test
    void sameHandlerWithoutAMethodName_isCalledThroughItsInterface() {
        Sfn sfn = new Sfn(home).function(spec("Hidden", TestHandlers.HiddenHandleRequest.class.getName(), 30));
        assertThat(sfn.run(task("Hidden"), "{}").output()).isEqualTo(json("\"reached\""));
    }

    @Test
    void recordInput_failsToDeserialize_asWithLambdasJavaSerializer() {
        Sfn sfn = new Sfn(home).function(spec("Records", TestHandlers.RecordInput.class.getName() + "::handleRequest", 30));
        ExecutionResult r = sfn.run(task("Records"), "{\"name\": \"x\"}");
        assertThat(r.error()).isEqualTo("java.lang.RuntimeException");
        assertThat(json(r.cause()).get("errorMessage").asText()).isEqualTo("An error occurred during JSON parsing");
    }

    @Test
    void unknownHandlerClass_failsEachInvocation_namingTheClass() {
        Sfn sfn = new Sfn(home).function(spec("Missing", "io.ledgerflow.NoSuchHandler::handleRequest", 30));
        ExecutionResult r = sfn.run(task("Missing"), "{}");
        assertThat(r.error()).isEqualTo("java.lang.ClassNotFoundException");
        assertThat(r.cause()).contains("io.ledgerflow.NoSuchHandler");
    }

    @Test
    void functionPastItsTimeout_failsTheTaskWithSandboxTimedout() {
        // given a function whose template Timeout is 1 s, and a call that takes 3 s
        Sfn sfn = new Sfn(home).function(spec("Slow", TestHandlers.Slow.class.getName(), 1));

        // when
        long start = System.nanoTime();
        ExecutionResult r = sfn.run(task("Slow"), "{\"millis\": 3000}");

        // then the Task fails as Step Functions reports a Lambda timeout, after the function's timeout
        assertThat(r.error()).isEqualTo("Sandbox.Timedout");
        assertThat(json(r.cause()).get("errorMessage").asText()).contains("Task timed out after 1.00 seconds");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_900);
    }

    @Test
    void sandboxTimedout_isRetriedByARetrierNamingIt() {
        Sfn sfn = new Sfn(home).function(spec("Slow", TestHandlers.Slow.class.getName(), 1));
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "Slow", "Payload.$": "$"},
                 "Retry": [{"ErrorEquals": ["Sandbox.Timedout"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                 "Caught": {"Type": "Pass", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"millis\": 3000}");
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(sfn.sleeps).hasSize(2);
        assertThat(r.output().get("Error").asText()).isEqualTo("Sandbox.Timedout");
    }

    @Test
    void responseOverTheStepFunctionsPayloadQuota_failsWithDataLimitExceeded() {
        // given a function that answers 300 KB, under Lambda's 6 MB but over Step Functions' 256 KB
        Sfn sfn = new Sfn(home).function(spec("Big", TestHandlers.Big.class.getName(), 30));

        // when
        ExecutionResult r = sfn.run(task("Big"), "{\"bytes\": 300000}");

        // then
        assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
    }
}
