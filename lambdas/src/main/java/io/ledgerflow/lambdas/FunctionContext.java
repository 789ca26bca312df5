package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.ledgerflow.core.adapters.env.FunctionEnvironment;

/**
 * The invocation's {@link Context}, with the function's name, version, memory and log group taken
 * from the function's variables where the runtime's context has none. Lambda's runtime client
 * fills those from the process environment, which on AWS is the function's own; the embedded
 * runtime hosts every function in one process and binds each one's variables to its thread
 * ({@link FunctionEnvironment}), so there they come from the binding. On AWS nothing changes.
 */
record FunctionContext(Context runtime) implements Context {

    static Context of(Context context) {
        return context == null || !FunctionEnvironment.isBound() ? context : new FunctionContext(context);
    }

    private static String orVariable(String value, String variable) {
        return value != null && !value.isBlank() ? value : FunctionEnvironment.get(variable);
    }

    @Override
    public String getAwsRequestId() {
        return runtime.getAwsRequestId();
    }

    @Override
    public String getLogGroupName() {
        return orVariable(runtime.getLogGroupName(), "AWS_LAMBDA_LOG_GROUP_NAME");
    }

    @Override
    public String getLogStreamName() {
        return orVariable(runtime.getLogStreamName(), "AWS_LAMBDA_LOG_STREAM_NAME");
    }

    @Override
    public String getFunctionName() {
        return orVariable(runtime.getFunctionName(), "AWS_LAMBDA_FUNCTION_NAME");
    }

    @Override
    public String getFunctionVersion() {
        return orVariable(runtime.getFunctionVersion(), "AWS_LAMBDA_FUNCTION_VERSION");
    }

    @Override
    public String getInvokedFunctionArn() {
        return runtime.getInvokedFunctionArn();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return runtime.getIdentity();
    }

    @Override
    public ClientContext getClientContext() {
        return runtime.getClientContext();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return runtime.getRemainingTimeInMillis();
    }

    @Override
    public int getMemoryLimitInMB() {
        if (runtime.getMemoryLimitInMB() > 0) {
            return runtime.getMemoryLimitInMB();
        }
        String memory = FunctionEnvironment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        return memory == null ? 0 : Integer.parseInt(memory);
    }

    @Override
    public LambdaLogger getLogger() {
        return runtime.getLogger();
    }
}
