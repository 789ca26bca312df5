#!/bin/sh
# The finance console in its Lambda function (workflows/template.yaml, ConsoleFunction): the AWS
# Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap) runs this script as the handler, then
# forwards API Gateway's requests to the console on 127.0.0.1:$AWS_LWA_PORT.
# C1 only: a short-lived function starts faster than C2 would pay back.
exec java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp "${LAMBDA_TASK_ROOT:-.}/ledgerflow-console.jar" io.ledgerflow.console.aws.AwsConsole
