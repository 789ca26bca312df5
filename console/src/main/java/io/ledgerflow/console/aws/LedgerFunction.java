package io.ledgerflow.console.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.backend.ConsoleRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The console's calls of ConsoleLedgerFunction (workflows/template.yaml), which sits beside the
 * ledger database in its VPC: one synchronous Invoke (RequestResponse) per reopen or export
 * download, with a small JSON request (operation, month, reason, the signed-in user) and its JSON
 * answer ({@code io.ledgerflow.lambdas.ConsoleLedgerHandler}). The ledger's refusal comes back as
 * {@link ConsoleRefusedException}; the function's own error as {@link LedgerFunctionException}.
 */
public final class LedgerFunction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaClient lambda;
    private final String functionName;

    /** @param functionName the function's alias ARN (the template's {@code !Ref ConsoleLedgerFunction.Alias}) */
    public LedgerFunction(LambdaClient lambda, String functionName) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
    }

    /** Reopens {@code month} for {@code by}, with the reason; the answer names the state it left and the ledger's batches. */
    public JsonNode reopen(YearMonth month, String reason, ConsoleUser by) {
        ObjectNode request = request("REOPEN", month).put("reason", reason).put("requestedBy", by.name());
        return call(request);
    }

    /** The month's export as the ledger holds it: {@code exported}, then {@code csv} or {@code exportBucket}/{@code exportKey}. */
    public JsonNode glExport(YearMonth month) {
        return call(request("GL_EXPORT", month));
    }

    private static ObjectNode request(String operation, YearMonth month) {
        return JSON.createObjectNode().put("operation", operation).put("month", month.toString());
    }

    private JsonNode call(ObjectNode request) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(functionName)
                .invocationType(InvocationType.REQUEST_RESPONSE).payload(SdkBytes.fromUtf8String(request.toString())));
        String body = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new LedgerFunctionException(request.path("operation").asText() + " " + request.path("month").asText()
                    + " failed in the ledger function (" + response.functionError() + "): " + errorMessage(body));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the ledger function answered something that is not JSON", e);
        }
        if (answer == null || !answer.isObject()) {
            throw new LedgerFunctionException("the ledger function answered " + body + ", not an object");
        }
        if (answer.hasNonNull("refused")) {
            throw new ConsoleRefusedException(answer.get("refused").asText());
        }
        return answer;
    }

    /** Lambda's error document ({@code errorMessage}, {@code errorType}), or the body as it came. */
    private static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.hasNonNull("errorMessage")) {
                return error.path("errorType").asText("") + ": " + error.get("errorMessage").asText();
            }
        } catch (IOException e) {
            // not Lambda's error document: shown as it came
        }
        return body;
    }

    /** Thrown when the ledger function itself fails (the database, its secret, a timeout): not the ledger's refusal. */
    public static final class LedgerFunctionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LedgerFunctionException(String message) {
            super(message);
        }
    }
}
