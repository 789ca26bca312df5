package io.ledgerflow.workflows.template;

import io.ledgerflow.workflows.runtime.StatesArns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's stack as the embedded runtime deploys it: its functions and state machines, and
 * what starts them (schedules, event rules, the buckets that send events), with every {@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join} and {@code Fn::Select} resolved to the
 * embedded equivalents (the stack's region and account, the local names of the table and buckets). It is the one place that says which functions exist, with which handler,
 * variables and limits: what the template does not declare does not exist locally.
 */
public final class EmbeddedStack {

    /** The account in local ARNs: no account exists locally. */
    public static final String ACCOUNT = StatesArns.ACCOUNT;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");
    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String STATE_MACHINE = "AWS::Serverless::StateMachine";
    private static final String SCHEDULE = "AWS::Scheduler::Schedule";
    private static final String EVENT_RULE = "AWS::Events::Rule";
    private static final String BUCKET = "AWS::S3::Bucket";

    private final SamTemplate template;
    private final String stackName;
    private final String region;
    private final Map<String, String> physicalNames;
    private final Map<String, String> parameters;
    private final Map<String, Map<String, Object>> resources;

    /**
     * @param physicalNames local names of resources whose deployed name the template leaves to AWS or
     *                      derives from the account (buckets): logical id to name
     * @param parameters    parameter values; a parameter not given takes its Default
     */
    public EmbeddedStack(SamTemplate template, String stackName, String region, Map<String, String> physicalNames,
                         Map<String, String> parameters) {
        this.template = template;
        this.stackName = stackName;
        this.region = region;
        this.physicalNames = Map.copyOf(physicalNames);
        this.parameters = Map.copyOf(parameters);
        this.resources = template.resources();
    }

    public String region() {
        return region;
    }

    public String stackName() {
        return stackName;
    }

    /**
     * Every function of the template that Lambda's Java runtime runs (a handler class), in template
     * order. A function run by the Lambda Web Adapter (the finance console) is a web server, not a
     * handler: locally it is {@code ledgerflow console}, so it is left out here ({@link #isWebAdapterFunction}),
     * and so is an API Gateway authorizer's function (the console's sign-in, which locally is a
     * password form: {@link #isApiAuthorizerFunction}).
     */
    public List<FunctionSpec> functions() {
        List<FunctionSpec> functions = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if (FUNCTION.equals(resource.get("Type")) && !isWebAdapterFunction(resource) && !isApiAuthorizerFunction(id)) {
                functions.add(functionOf(id));
            }
        });
        return functions;
    }

    /** Whether an {@code AWS::ApiGatewayV2::Authorizer} of the template invokes function {@code id}. */
    public boolean isApiAuthorizerFunction(String id) {
        return resources.values().stream()
                .filter(r -> "AWS::ApiGatewayV2::Authorizer".equals(r.get("Type")))
                .map(r -> SamTemplate.properties(r).get("AuthorizerUri"))
                .anyMatch(uri -> mentions(uri, id));
    }

    private static boolean mentions(Object value, String id) {
        if (value instanceof String text) {
            return text.equals(id) || text.startsWith(id + ".") || text.contains("${" + id + "}") || text.contains("${" + id + ".");
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(v -> mentions(v, id));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(v -> mentions(v, id));
        }
        return false;
    }

    /** The wrapper the AWS Lambda Web Adapter layer installs: the function's runtime starts the web server through it. */
    public static final String WEB_ADAPTER_WRAPPER = "/opt/bootstrap";

    /**
     * Whether a function of the template is run by the AWS Lambda Web Adapter: its
     * {@code AWS_LAMBDA_EXEC_WRAPPER} is the adapter's {@value #WEB_ADAPTER_WRAPPER} and its
     * {@code Handler} the web server's start script, not a handler class.
     */
    public static boolean isWebAdapterFunction(Map<String, Object> resource) {
        Object wrapper = SamTemplate.map(SamTemplate.map(SamTemplate.properties(resource), "Environment"), "Variables")
                .get("AWS_LAMBDA_EXEC_WRAPPER");
        return WEB_ADAPTER_WRAPPER.equals(wrapper);
    }

    /** The function named {@code name} (its deployed FunctionName), if the template declares it. */
    public Optional<FunctionSpec> function(String name) {
        return functions().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Every state machine of the template, in template order. */
    public List<StateMachineSpec> stateMachines() {
        List<StateMachineSpec> machines = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if (STATE_MACHINE.equals(resource.get("Type"))) {
                Map<String, Object> p = SamTemplate.properties(resource);
                Map<String, String> substitutions = new LinkedHashMap<>();
                SamTemplate.map(p, "DefinitionSubstitutions").forEach((k, v) ->
                        substitutions.put(k, resolve(v, id + ".DefinitionSubstitutions." + k)));
                Object uri = p.get("DefinitionUri");
                if (!(uri instanceof String file)) {
                    throw new IllegalArgumentException(id + ": DefinitionUri must name the ASL file");
                }
                String name = physicalName(id);
                machines.add(new StateMachineSpec(id, name, stateMachineArn(name), file, substitutions));
            }
        });
        return machines;
    }

    /** Every EventBridge Scheduler schedule of the template, in template order. */
    public List<ScheduleSpec> schedules() {
        List<ScheduleSpec> schedules = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if (SCHEDULE.equals(resource.get("Type"))) {
                Map<String, Object> p = SamTemplate.properties(resource);
                Map<String, Object> target = SamTemplate.map(p, "Target");
                String name = physicalName(id);
                Object zone = p.get("ScheduleExpressionTimezone");
                schedules.add(new ScheduleSpec(id, name, scheduleArn(p, id, name),
                        requiredString(p, "ScheduleExpression", id),
                        zone == null ? "UTC" : resolve(zone, id + ".ScheduleExpressionTimezone"), enabled(p, id),
                        requiredString(target, "Arn", id + ".Target"),
                        target.containsKey("Input") ? resolve(target.get("Input"), id + ".Target.Input") : null));
            }
        });
        return schedules;
    }

    /**
     * Every EventBridge rule of the template that matches events (an EventPattern), in template
     * order. A target that reshapes the event (InputPath, InputTransformer) is refused: the local
     * event bus delivers the event or a fixed Input only.
     */
    public List<EventRuleSpec> eventRules() {
        List<EventRuleSpec> rules = new ArrayList<>();
        resources.forEach((id, resource) -> {
            Map<String, Object> p = SamTemplate.properties(resource);
            if (EVENT_RULE.equals(resource.get("Type")) && p.containsKey("EventPattern")) {
                List<EventRuleSpec.Target> targets = new ArrayList<>();
                for (Object t : SamTemplate.list(p.get("Targets"))) {
                    Map<String, Object> target = SamTemplate.cast((Map<?, ?>) t);
                    String where = id + ".Targets." + target.get("Id");
                    for (String reshaping : List.of("InputPath", "InputTransformer")) {
                        if (target.containsKey(reshaping)) {
                            throw new IllegalArgumentException(where + ": " + reshaping + " is not delivered by the embedded runtime");
                        }
                    }
                    targets.add(new EventRuleSpec.Target(String.valueOf(target.get("Id")), requiredString(target, "Arn", where),
                            target.containsKey("Input") ? resolve(target.get("Input"), where + ".Input") : null));
                }
                String name = physicalName(id);
                rules.add(new EventRuleSpec(id, name, getAtt(List.of(id, "Arn"), id),
                        SamTemplate.cast((Map<?, ?>) tree(p.get("EventPattern"), id + ".EventPattern")), enabled(p, id), targets));
            }
        });
        return rules;
    }

    /** The buckets that send their events to EventBridge (NotificationConfiguration.EventBridgeConfiguration). */
    public List<String> eventBridgeBuckets() {
        List<String> buckets = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if (BUCKET.equals(resource.get("Type"))) {
                Object enabled = SamTemplate.map(SamTemplate.map(SamTemplate.properties(resource), "NotificationConfiguration"),
                        "EventBridgeConfiguration").get("EventBridgeEnabled");
                if (enabled != null && Boolean.parseBoolean(resolve(enabled, id + ".EventBridgeEnabled"))) {
                    buckets.add(physicalName(id));
                }
            }
        });
        return buckets;
    }

    /** The function's EventInvokeConfig (its own, else the Globals'), Lambda's defaults for what neither sets. */
    public AsyncInvokeConfig asyncInvokeConfig(FunctionSpec function) {
        Map<String, Object> own = SamTemplate.map(SamTemplate.properties(resources.get(function.logicalId())), "EventInvokeConfig");
        Map<String, Object> config = own.isEmpty()
                ? SamTemplate.map(SamTemplate.map(template.section("Globals"), "Function"), "EventInvokeConfig") : own;
        String where = function.logicalId() + ".EventInvokeConfig";
        Object retries = config.get("MaximumRetryAttempts");
        Object age = config.get("MaximumEventAgeInSeconds");
        Object onFailure = SamTemplate.map(SamTemplate.map(config, "DestinationConfig"), "OnFailure").get("Destination");
        AsyncInvokeConfig defaults = AsyncInvokeConfig.DEFAULTS;
        return new AsyncInvokeConfig(
                retries == null ? defaults.maximumRetryAttempts() : Integer.parseInt(resolve(retries, where)),
                age == null ? defaults.maximumEventAgeSeconds() : Integer.parseInt(resolve(age, where)),
                onFailure == null ? null : resolve(onFailure, where + ".DestinationConfig.OnFailure.Destination"));
    }

    private String scheduleArn(Map<String, Object> p, String id, String name) {
        Object group = p.get("GroupName");
        return "arn:aws:scheduler:" + region + ":" + ACCOUNT + ":schedule/"
                + (group == null ? "default" : resolve(group, id + ".GroupName")) + "/" + name;
    }

    /** State: ENABLED unless the template says DISABLED (both services' default is ENABLED). */
    private boolean enabled(Map<String, Object> p, String id) {
        Object state = p.get("State");
        return state == null || !"DISABLED".equals(resolve(state, id + ".State"));
    }

    private String requiredString(Map<String, Object> p, String key, String where) {
        String value = p.containsKey(key) ? resolve(p.get(key), where + "." + key) : null;
        if (value == null) {
            throw new IllegalArgumentException(where + ": no " + key);
        }
        return value;
    }

    /**
     * A JSON-like property (an event pattern) with its intrinsics resolved: a map is an intrinsic
     * only when its one key is {@code Ref} or {@code Fn::...}; other maps, lists and plain values
     * stay as written, typed as YAML read them.
     */
    private Object tree(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return value(value, where);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), tree(v, where + "." + k)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(tree(item, where)));
            return out;
        }
        return value;
    }

    private FunctionSpec functionOf(String id) {
        Map<String, Object> p = SamTemplate.properties(resources.get(id));
        Map<String, Object> globals = SamTemplate.map(template.section("Globals"), "Function");
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> scope : List.of(globals, p)) {
            SamTemplate.map(SamTemplate.map(scope, "Environment"), "Variables").forEach((k, v) -> {
                String value = resolve(v, id + ".Environment.Variables." + k);
                if (value != null) {
                    env.put(k, value);
                }
            });
        }
        Object handler = p.get("Handler");
        if (!(handler instanceof String h)) {
            throw new IllegalArgumentException(id + ": no Handler");
        }
        List<String> layers = new ArrayList<>();
        for (Map<String, Object> scope : List.of(globals, p)) {
            for (Object layer : SamTemplate.list(scope.get("Layers"))) {
                layers.add(resolve(layer, id + ".Layers"));
            }
        }
        String name = physicalName(id);
        return new FunctionSpec(id, name, functionArn(name), h, env,
                number(p, globals, "Timeout", FunctionSpec.DEFAULT_TIMEOUT_SECONDS, id),
                number(p, globals, "MemorySize", FunctionSpec.DEFAULT_MEMORY_MB, id), layers);
    }

    private int number(Map<String, Object> p, Map<String, Object> globals, String key, int fallback, String id) {
        Object value = p.containsKey(key) ? p.get(key) : globals.get(key);
        return value == null ? fallback : Integer.parseInt(resolve(value, id + "." + key));
    }

    /** A property value with its intrinsics resolved, as a string (null for AWS::NoValue). */
    public String resolve(Object value, String where) {
        Object resolved = value(value, where);
        return resolved == null ? null : resolved.toString();
    }

    private Object value(Object value, String where) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value == null ? null : value.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(value(item, where));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> e = map.entrySet().iterator().next();
            Object arg = e.getValue();
            return switch (String.valueOf(e.getKey())) {
                case "Ref" -> ref(String.valueOf(arg), where);
                case "Fn::GetAtt" -> getAtt(SamTemplate.strings(arg), where);
                case "Fn::Sub" -> sub(arg, where);
                case "Fn::Join" -> join((List<?>) arg, where);
                case "Fn::Select" -> select((List<?>) arg, where);
                default -> throw new IllegalArgumentException(where + ": " + e.getKey() + " is not resolved by the embedded runtime");
            };
        }
        throw new IllegalArgumentException(where + ": cannot resolve " + value);
    }

    private String ref(String name, String where) {
        switch (name) {
            case "AWS::Region": return region;
            case "AWS::AccountId": return ACCOUNT;
            case "AWS::Partition": return "aws";
            case "AWS::StackName": return stackName;
            case "AWS::URLSuffix": return "amazonaws.com";
            case "AWS::NoValue": return null;
            default: break;
        }
        Map<String, Object> parameter = SamTemplate.map(template.section("Parameters"), name);
        if (!parameter.isEmpty()) {
            String given = parameters.get(name);
            if (given != null) {
                return given;
            }
            Object fallback = parameter.get("Default");
            if (fallback == null) {
                throw new IllegalArgumentException(where + ": parameter " + name + " has no Default and no local value");
            }
            return fallback instanceof List<?> l ? String.join(",", SamTemplate.strings(l)) : fallback.toString();
        }
        if (name.endsWith(".Alias")) { // SAM's AutoPublishAlias: a reference to the alias is its ARN
            String function = name.substring(0, name.length() - ".Alias".length());
            return functionArn(physicalName(required(function, where))) + ":" + alias(function);
        }
        String id = required(name, where);
        String type = String.valueOf(resources.get(id).get("Type"));
        return switch (type) {
            case STATE_MACHINE -> stateMachineArn(physicalName(id));
            case "AWS::SecretsManager::Secret" -> "arn:aws:secretsmanager:" + region + ":" + ACCOUNT + ":secret:" + physicalName(id);
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + region + ":" + ACCOUNT + ":" + physicalName(id);
            case "AWS::SQS::Queue" -> "https://sqs." + region + ".amazonaws.com/" + ACCOUNT + "/" + physicalName(id);
            default -> physicalName(id);
        };
    }

    private String alias(String functionId) {
        Object alias = SamTemplate.properties(resources.get(functionId)).get("AutoPublishAlias");
        if (alias == null) {
            alias = SamTemplate.map(template.section("Globals"), "Function").get("AutoPublishAlias");
        }
        if (alias == null) {
            throw new IllegalArgumentException(functionId + ".Alias: the function has no AutoPublishAlias");
        }
        return alias.toString();
    }

    private String getAtt(List<String> args, String where) {
        String id = required(args.get(0), where);
        String attribute = args.get(1);
        String type = String.valueOf(resources.get(id).get("Type"));
        String name = physicalName(id);
        if (!attribute.equals("Arn")) {
            if (attribute.equals("Name") || attribute.equals("QueueName")) {
                return name;
            }
            throw new IllegalArgumentException(where + ": Fn::GetAtt " + id + "." + attribute + " is not resolved by the embedded runtime");
        }
        return switch (type) {
            case FUNCTION -> functionArn(name);
            case STATE_MACHINE -> stateMachineArn(name);
            case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + name;
            case "AWS::S3::Bucket" -> "arn:aws:s3:::" + name;
            case "AWS::SQS::Queue" -> "arn:aws:sqs:" + region + ":" + ACCOUNT + ":" + name;
            case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + region + ":" + ACCOUNT + ":log-group:" + name + ":*";
            case EVENT_RULE -> "arn:aws:events:" + region + ":" + ACCOUNT + ":rule/" + name;
            case SCHEDULE -> scheduleArn(SamTemplate.properties(resources.get(id)), id, name);
            default -> "arn:aws:" + type.split("::")[1].toLowerCase() + ":" + region + ":" + ACCOUNT + ":" + name;
        };
    }

    private String sub(Object arg, String where) {
        String text;
        Map<String, Object> variables = Map.of();
        if (arg instanceof List<?> list) {
            text = String.valueOf(list.get(0));
            variables = SamTemplate.cast((Map<?, ?>) list.get(1));
        } else {
            text = String.valueOf(arg);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + m.group(2) + "}"; // ${!Literal}
            } else if (variables.containsKey(m.group(2))) {
                replacement = resolve(variables.get(m.group(2)), where);
            } else if (m.group(2).contains(".") && !m.group(2).startsWith("AWS::") && !m.group(2).endsWith(".Alias")) {
                int dot = m.group(2).indexOf('.');
                replacement = getAtt(List.of(m.group(2).substring(0, dot), m.group(2).substring(dot + 1)), where);
            } else {
                replacement = ref(m.group(2), where);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String join(List<?> args, String where) {
        List<String> parts = new ArrayList<>();
        Object items = value(args.get(1), where);
        for (Object item : (List<?>) items) {
            parts.add(String.valueOf(item));
        }
        return String.join(String.valueOf(args.get(0)), parts);
    }

    private Object select(List<?> args, String where) {
        Object items = value(args.get(1), where);
        List<?> list = items instanceof List<?> l ? l : List.of(String.valueOf(items).split(","));
        return list.get(Integer.parseInt(String.valueOf(value(args.get(0), where))));
    }

    private String required(String id, String where) {
        if (!resources.containsKey(id)) {
            throw new IllegalArgumentException(where + ": no resource or parameter named " + id);
        }
        return id;
    }

    /** The name AWS would give the resource: the local name if one is set, else its name property, else one derived from the stack. */
    private String physicalName(String id) {
        String local = physicalNames.get(id);
        if (local != null) {
            return local;
        }
        Map<String, Object> p = SamTemplate.properties(resources.get(id));
        for (String key : List.of("FunctionName", "Name", "TableName", "BucketName", "QueueName", "TopicName", "LogGroupName")) {
            if (p.containsKey(key)) {
                return resolve(p.get(key), id + "." + key);
            }
        }
        return stackName + "-" + id;
    }

    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + name;
    }

    /** The ARN of the state machine named {@code name}, in the local service's one scheme ({@link StatesArns}). */
    public String stateMachineArn(String name) {
        return new StatesArns(region, ACCOUNT).stateMachineArn(name);
    }
}
