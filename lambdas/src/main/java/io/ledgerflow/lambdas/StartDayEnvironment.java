package io.ledgerflow.lambdas;

import io.ledgerflow.core.adapters.s3.S3ObjectStore;
import io.ledgerflow.core.daily.ObjectRef;
import io.ledgerflow.core.daily.start.DailySchedule;
import io.ledgerflow.core.daily.start.DayStartSettings;
import io.ledgerflow.core.daily.start.DayStarter;
import io.ledgerflow.lambdas.stepfunctions.StepFunctionsClient;
import io.ledgerflow.lambdas.stepfunctions.StepFunctionsDailyExecutions;
import java.time.ZoneId;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
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

    private static volatile DayStarter starter;

    private StartDayEnvironment() {}

    static DayStarter starter() {
        DayStarter built = starter;
        if (built == null) {
            synchronized (StartDayEnvironment.class) {
                if (starter == null) {
                    starter = build();
                }
                built = starter;
            }
        }
        return built;
    }

    private static DayStarter build() {
        DailySchedule schedule = DailySchedule.parse(required(SCHEDULE_ENV), ZoneId.of(required(ZONE_ENV)));
        DayStartSettings settings = DayStartSettings.withDefaults(schedule, required(INPUT_BUCKET_ENV),
                System.getenv().getOrDefault(INPUT_PREFIX_ENV, ""),
                new ObjectRef(required(Collaborators.CONFIG_BUCKET_ENV), required(RULES_KEY_ENV)), required(WORK_BUCKET_ENV));
        S3Client s3 = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder()).build();
        // The endpoint and region: the function's own region (AWS_REGION), its public endpoint.
        StepFunctionsDailyExecutions executions = new StepFunctionsDailyExecutions(StepFunctionsClient.create(null, null),
                required(STATE_MACHINE_ENV));
        return new DayStarter(settings, new S3ObjectStore(s3), executions);
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
