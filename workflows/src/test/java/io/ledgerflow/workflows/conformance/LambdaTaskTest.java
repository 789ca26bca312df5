package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.handlers.TestHandlers;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task states on Lambda: function ARNs, the optimized lambda:invoke integration, handler errors, substitutions. */
class LambdaTaskTest {

    @TempDir
    Path home;
    Sfn sfn;

    @BeforeEach
    void setUp() {
        sfn = new Sfn(home).handler("Greeter", TestHandlers.Greeter.class).handler("Upper", TestHandlers.UpperStream.class)
                .handler("Broken", TestHandlers.Broken.class);
    }

    @Test
    void functionArn_invokesRegisteredHandler_withJsonMarshalling() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                 "Resource": "arn:aws:lambda:ap-northeast-1:123456789012:function:Greeter:live", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"name\": \"Ada\", \"times\": 2, \"ignored\": true}");
        assertThat(r.output()).isEqualTo(json("{\"greeting\": \"hi Ada hi Ada\", \"function\": \"Greeter\"}"));
    }

    @Test
    void lambdaInvoke_wrapsResultInResponseEnvelope() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:Greeter:$LATEST",
                                "Payload": {"name.$": "$.who", "times": 1}}, "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"who\": \"Bo\"}");
        assertThat(r.output().get("StatusCode").asInt()).isEqualTo(200);
        assertThat(r.output().get("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(r.output().get("Payload")).isEqualTo(json("{\"greeting\": \"hi Bo\", \"function\": \"Greeter\"}"));
        assertThat(r.output().at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
    }

    @Test
    void lambdaInvoke_resultSelectorPayload_isTheUsualIdiom() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "Greeter", "Payload.$": "$"},
                 "ResultSelector": {"greeting.$": "$.Payload.greeting"}, "End": true}}}""";
        assertThat(sfn.run(def, "{\"name\": \"Cy\", \"times\": 1}").output()).isEqualTo(json("{\"greeting\": \"hi Cy\"}"));
    }

    @Test
    void streamHandler_receivesAndReturnsJsonBytes() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Upper", "End": true}}}""";
        assertThat(sfn.run(def, "{\"a\": \"b\"}").output()).isEqualTo(json("{\"A\": \"B\"}"));
    }

    @Test
    void handlerException_becomesErrorNamedByItsClass_withLambdaCauseJson() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Broken", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{}");
        assertThat(r.error()).isEqualTo("java.lang.IllegalStateException");
        var cause = json(r.cause());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("ledger is locked");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cause.get("stackTrace").isArray()).isTrue();
    }

    @Test
    void eventNotMatchingInputType_failsLikeTheJavaRuntime() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Greeter", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"name\": \"x\", \"times\": \"many\"}");
        assertThat(r.error()).isEqualTo("java.lang.RuntimeException");
        assertThat(r.cause()).contains("An error occurred during JSON parsing");
    }

    private static String invoke(String parameters) {
        return """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": %s, "End": true}}}""".formatted(parameters);
    }

    @Test
    void lambdaInvoke_sendsAJsonStringPayloadAsTheRawBody() {
        // given a Payload that is a string holding JSON (AWS sends it as the invocation body as it is)
        String def = invoke("{\"FunctionName\": \"Upper\", \"Payload.$\": \"$.body\"}");

        // when
        ExecutionResult r = sfn.run(def, "{\"body\": \"[\\\"ab\\\", {\\\"c\\\": 1}]\"}");

        // then the function read the JSON the string holds, not a JSON string
        assertThat(r.status()).as("cause %s", r.cause()).isEqualTo("SUCCEEDED");
        assertThat(r.output().get("Payload")).isEqualTo(json("[\"AB\", {\"C\": 1}]"));
    }

    @Test
    void lambdaInvoke_failsWithInvalidRequestContent_whenThePayloadStringIsNotJson() {
        String def = invoke("{\"FunctionName\": \"Upper\", \"Payload\": \"not json\"}");

        ExecutionResult r = sfn.run(def, "{}");

        assertThat(r.error()).isEqualTo("Lambda.InvalidRequestContentException");
        assertThat(r.cause()).contains("Could not parse request body into json");
    }

    @Test
    void lambdaInvoke_sendsAnEmptyObject_whenThePayloadIsNullOrAbsent() {
        // given
        String nullPayload = invoke("{\"FunctionName\": \"Upper\", \"Payload.$\": \"$.none\"}");
        String noPayload = invoke("{\"FunctionName\": \"Upper\"}");

        // when
        ExecutionResult fromNull = sfn.run(nullPayload, "{\"none\": null}");
        ExecutionResult fromAbsent = sfn.run(noPayload, "{}");

        // then
        assertThat(fromNull.output().get("Payload")).isEqualTo(json("{}"));
        assertThat(fromAbsent.output().get("Payload")).isEqualTo(json("{}"));
    }

    @Test
    void lambdaInvoke_addsLogResult_whenLogTypeIsTail() {
        // given
        String tail = invoke("{\"FunctionName\": \"Upper\", \"Payload\": {}, \"LogType\": \"Tail\"}");
        String none = invoke("{\"FunctionName\": \"Upper\", \"Payload\": {}, \"LogType\": \"None\"}");

        // when
        ExecutionResult withTail = sfn.run(tail, "{}");
        ExecutionResult without = sfn.run(none, "{}");

        // then the log tail is base64, in the result and in the X-Amz-Log-Result header
        String logResult = withTail.output().get("LogResult").asText();
        assertThat(new String(java.util.Base64.getDecoder().decode(logResult), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("START RequestId: ").contains("END RequestId: ");
        assertThat(withTail.output().at("/SdkHttpMetadata/HttpHeaders/X-Amz-Log-Result").asText()).isEqualTo(logResult);
        assertThat(without.output().has("LogResult")).isFalse();
    }

    @Test
    void lambdaInvoke_unknownFunction_failsWithAwsCause() {
        String def = invoke("{\"FunctionName\": \"Nope\", \"Payload\": null}");

        ExecutionResult r = sfn.run(def, "{}");

        assertThat(r.error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(r.cause()).matches("Function not found: arn:aws:lambda:local:000000000000:function:Nope:\\$LATEST "
                + "\\(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; "
                + "Proxy: null\\)");
    }

    @Test
    void unknownFunction_failsWithResourceNotFound() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Nope", "End": true}}}""";
        assertThat(sfn.run(def, "{}").error()).isEqualTo("Lambda.ResourceNotFoundException");
    }

    @Test
    void unsupportedResource_failsWithClearCause() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{}");
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("not supported by the embedded runtime");
    }

    @Test
    void definitionSubstitutions_replacePlaceholders_likeSam() {
        sfn.substitutions(Map.of("GreeterArn", "arn:aws:lambda:us-east-1:123456789012:function:Greeter"));
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${GreeterArn}", "End": true}}}""";
        assertThat(sfn.run(def, "{\"name\": \"Di\", \"times\": 1}").output().get("greeting").asText()).isEqualTo("hi Di");
    }

    @Test
    void unsubstitutedPlaceholder_failsNamingTheFix() {
        String def = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${MissingArn}", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{}");
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("--substitution");
    }
}
