package io.ledgerflow.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** An {@code s3://bucket/key} location, as operators and the AWS CLI write it. */
record S3Uri(String bucket, String key) {

    /** @throws ParameterException (exit 2) when {@code text} is not an s3://bucket/key URI */
    static S3Uri parse(CommandSpec spec, String option, String text) {
        if (text != null && text.startsWith("s3://")) {
            String rest = text.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash > 0 && slash < rest.length() - 1) {
                return new S3Uri(rest.substring(0, slash), rest.substring(slash + 1));
            }
        }
        throw new ParameterException(spec.commandLine(), option + " " + text + ": with --target aws, give the object's "
                + "s3://bucket/key (put the file there first, e.g. 'aws s3 cp FILE s3://bucket/key')");
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
