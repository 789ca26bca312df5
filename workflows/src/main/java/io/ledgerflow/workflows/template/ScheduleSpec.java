package io.ledgerflow.workflows.template;

/**
 * One {@code AWS::Scheduler::Schedule} of the template as deployed: when it fires and what it
 * invokes, with every intrinsic resolved.
 *
 * @param expression  the ScheduleExpression as written: {@code cron(...)}, {@code rate(...)} or {@code at(...)}
 * @param timezone    ScheduleExpressionTimezone (UTC when the template sets none, as on AWS)
 * @param enabled     State ENABLED (the default) rather than DISABLED
 * @param targetArn   Target.Arn: for a Lambda target the function's ARN, qualified by the alias it names
 * @param input       Target.Input, the fixed text the target receives, with context attributes such as
 *                    {@code <aws.scheduler.scheduled-time>} still in it (null: none)
 */
public record ScheduleSpec(String logicalId, String name, String arn, String expression, String timezone,
        boolean enabled, String targetArn, String input) {
}
