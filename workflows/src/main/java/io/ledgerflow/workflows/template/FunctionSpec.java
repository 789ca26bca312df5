package io.ledgerflow.workflows.template;

import java.util.List;
import java.util.Map;

/**
 * One {@code AWS::Serverless::Function} of the template as it is deployed: its name, the handler
 * string exactly as written, its variables with every intrinsic resolved, and its limits (the
 * template's Globals applied).
 *
 * @param layers the resolved layer ARNs (a layer can put a process beside the function, such as
 *               the Parameters and Secrets extension)
 */
public record FunctionSpec(String logicalId, String name, String arn, String handler, Map<String, String> environment,
        int timeoutSeconds, int memoryMb, List<String> layers) {

    /** Lambda's defaults when neither the function nor Globals set them. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;
    public static final int DEFAULT_MEMORY_MB = 128;

    public FunctionSpec {
        environment = Map.copyOf(environment);
        layers = List.copyOf(layers);
    }
}
