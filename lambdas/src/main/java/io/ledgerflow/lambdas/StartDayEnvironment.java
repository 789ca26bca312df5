package io.ledgerflow.lambdas;

import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.daily.start.DailySchedule;
import io.ledgerflow.core.daily.start.DayStartSettings;
import io.ledgerflow.core.daily.start.DayStarter;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsClient;
import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsDailyExecutions;
import io.ledgerflow.core.adapters.env.FunctionEnvironment;
import java.time.ZoneId;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The start-day function's collaborators, built once per sandbox from the variables the template
 * sets (as {@link Collaborators} does for the workflow's functions: on first use, SnapStart-friendly).
 */
final class StartDayEnvironment {

    static final String STATE_MACHINE_ENV = "LEDGERFLOW_DAILY_STATE_MACHINE_ARN";
    static final String ZONE_ENV = "LEDGERFLOW_ZONE";
    static final String SCHEDULE_ENV = "LEDGERFLOW_DAILY_SCHEDULE";
    static final String INPUT_BUCKET_ENV = "LEDGERFLOW_INPUT_BUCKET";
    static final String INPUT_PREFIX_ENV = "LEDGERFLOW_INPUT_PREFIX";
    static final String RULES_KEY_ENV = "LEDGERFLOW_RULES_KEY";
    static final String WORK_BUCKET_ENV = "LEDGERFLOW_WORK_BUCKET";

    private StartDayEnvironment() {}

    static DayStarter starter() {
        return FunctionEnvironment.singleton(DayStarter.class, StartDayEnvironment::build);
    }

    private static DayStarter build(Map<String, String> env) {
        DailySchedule schedule = DailySchedule.parse(required(env, SCHEDULE_ENV), ZoneId.of(required(env, ZONE_ENV)));
        DayStartSettings settings = DayStartSettings.withDefaults(schedule, required(env, INPUT_BUCKET_ENV),
                env.getOrDefault(INPUT_PREFIX_ENV, ""),
                new ObjectRef(required(env, Collaborators.CONFIG_BUCKET_ENV), required(env, RULES_KEY_ENV)), required(env, WORK_BUCKET_ENV));
        S3Client s3 = AwsClients.s3(env);
        // The function's own region (AWS_REGION) and its public endpoint, unless a local one is set.
        StepFunctionsDailyExecutions executions = new StepFunctionsDailyExecutions(
                StepFunctionsClient.create(AwsClients.stepFunctionsEndpoint(env), AwsClients.regionName(env)),
                required(env, STATE_MACHINE_ENV));
        return new DayStarter(settings, new S3ObjectStore(s3), executions);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
