package io.ledgerflow.workflows.runtime;

import java.util.regex.Pattern;

/**
 * The one ARN scheme of the local Step Functions service, as AWS forms Step Functions ARNs:
 * {@code arn:aws:states:REGION:ACCOUNT:stateMachine:NAME} and
 * {@code arn:aws:states:REGION:ACCOUNT:execution:NAME:EXECUTION}. The embedded stack
 * ({@code EmbeddedStack}) addresses its state machines with it, the runtime its executions.
 */
public record StatesArns(String region, String account) {

    // Before LOCAL: the constructor that builds it checks with them.
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final String PREFIX = "arn:aws:states:";

    /** The account in local ARNs: no account exists locally. */
    public static final String ACCOUNT = "000000000000";
    /** The region the embedded stack is deployed in unless told otherwise (where the operators are). */
    public static final String DEFAULT_REGION = "ap-northeast-1";
    /** The default scheme: executions started without a stack ({@code workflow run}) are addressed in it. */
    public static final StatesArns LOCAL = new StatesArns(DEFAULT_REGION, ACCOUNT);

    public StatesArns {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' must be 1-32 characters of a-z 0-9 -");
        }
        if (account == null || !ACCOUNT_ID.matcher(account).matches()) {
            throw new IllegalArgumentException("account '" + account + "' must be 12 digits");
        }
    }

    public String stateMachineArn(String stateMachineName) {
        return PREFIX + region + ":" + account + ":stateMachine:" + stateMachineName;
    }

    /** An execution's ARN from its state machine's ARN, as Step Functions forms it. */
    public static String executionArn(String stateMachineArn, String executionName) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName;
    }

    /**
     * The parts of {@code arn:aws:states:REGION:ACCOUNT:stateMachine:NAME}.
     *
     * @throws InvalidArnException when it is not a state machine ARN
     */
    public static StateMachineArn parseStateMachine(String arn) {
        String[] parts = parts(arn, 7, "stateMachine", "arn:aws:states:REGION:ACCOUNT:stateMachine:NAME");
        return new StateMachineArn(new StatesArns(parts[3], parts[4]), parts[6]);
    }

    /**
     * The parts of {@code arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME}.
     *
     * @throws InvalidArnException when it is not an execution ARN
     */
    public static ExecutionArn parseExecution(String arn) {
        String[] parts = parts(arn, 8, "execution", "arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME");
        return new ExecutionArn(new StatesArns(parts[3], parts[4]), parts[6], parts[7]);
    }

    private static String[] parts(String arn, int count, String type, String form) {
        String[] parts = arn == null ? new String[0] : arn.split(":", -1);
        boolean shaped = parts.length == count && arn.startsWith(PREFIX) && parts[5].equals(type)
                && REGION.matcher(parts[3]).matches() && ACCOUNT_ID.matcher(parts[4]).matches()
                && !parts[6].isEmpty() && !parts[count - 1].isEmpty();
        if (!shaped) {
            throw new InvalidArnException("Invalid Arn: '" + arn + "' is not " + (type.equals("execution") ? "an " : "a ")
                    + type + " ARN (" + form + ")");
        }
        return parts;
    }

    /** A state machine ARN's parts. */
    public record StateMachineArn(StatesArns scheme, String name) {
        public String arn() {
            return scheme.stateMachineArn(name);
        }
    }

    /** An execution ARN's parts. */
    public record ExecutionArn(StatesArns scheme, String stateMachineName, String executionName) {
        public String stateMachineArn() {
            return scheme.stateMachineArn(stateMachineName);
        }
    }
}
