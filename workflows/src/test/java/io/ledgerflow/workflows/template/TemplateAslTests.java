package io.ledgerflow.workflows.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.workflows.template.SamTemplate.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The state machines of template.yaml against the ASL files they deploy: placeholders and
 * substitutions match one for one, every function an ASL invokes is a function of the template,
 * and each state machine is granted what its definition uses (Lambda, Distributed Map, S3) and
 * nothing else.
 */
class TemplateAslTests {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** ASL files that another branch adds (the monthly close): checked once they exist. */
    static final Map<String, String> PENDING_ASL = Map.of();

    /** Always granted to a state machine that logs, and that traces (both documented as Resource "*"). */
    private static final Set<String> LOGGING_ACTIONS = Set.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");
    private static final Set<String> TRACING_ACTIONS = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "xray:GetSamplingRules", "xray:GetSamplingTargets");

    private final SamTemplate template = SamTemplate.load(TemplateFiles.FILE);

    @Test
    void everyAslFile_isDeployedByAStateMachine() throws IOException {
        Set<String> deployed = new TreeSet<>();
        template.resources("AWS::Serverless::StateMachine").values()
                .forEach(r -> deployed.add((String) SamTemplate.properties(r).get("DefinitionUri")));
        try (Stream<Path> files = Files.list(TemplateFiles.MODULE.toAbsolutePath())) {
            List<String> asl = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".asl.json")).sorted().toList();
            assertThat(asl).contains("daily-journal.asl.json");
            assertThat(deployed).as("state machines' DefinitionUri").containsAll(asl);
        }
    }

    @Test
    void everyPlaceholder_hasASubstitution_andEverySubstitutionIsUsed() {
        List<String> problems = new ArrayList<>();
        forEachDefinition((id, properties, text) -> {
            Set<String> placeholders = placeholders(text);
            Set<String> substitutions = new TreeSet<>(SamTemplate.map(properties, "DefinitionSubstitutions").keySet());
            Set<String> missing = new TreeSet<>(placeholders);
            missing.removeAll(substitutions);
            Set<String> unused = new TreeSet<>(substitutions);
            unused.removeAll(placeholders);
            if (!missing.isEmpty()) {
                problems.add(id + ": " + properties.get("DefinitionUri") + " uses " + missing + " without a DefinitionSubstitutions entry");
            }
            if (!unused.isEmpty()) {
                problems.add(id + ": DefinitionSubstitutions " + unused + " appear nowhere in " + properties.get("DefinitionUri"));
            }
        }, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyInvokedFunction_isAFunctionOfTheTemplate_thatTheStateMachineMayInvoke() {
        List<String> problems = new ArrayList<>();
        Set<String> functions = template.resources("AWS::Serverless::Function").keySet();
        forEachDefinition((id, properties, text) -> {
            Map<String, Object> substitutions = SamTemplate.map(properties, "DefinitionSubstitutions");
            List<Object> invokable = new ArrayList<>();
            statements(id).stream().filter(s -> s.actions().contains("lambda:InvokeFunction"))
                    .forEach(s -> invokable.addAll(s.resources()));
            List<Object> invoked = new ArrayList<>();
            for (String placeholder : invokedPlaceholders(text)) {
                Object value = substitutions.get(placeholder);
                String function = functionOf(value);
                if (function == null || !functions.contains(function)) {
                    problems.add(id + ": ${" + placeholder + "} is invoked but is " + value
                            + ", not !Ref <Function>.Alias of a function in the template");
                    continue;
                }
                invoked.add(value);
                if (!invokable.contains(value)) {
                    problems.add(id + ": invokes ${" + placeholder + "} = " + value + " but lambda:InvokeFunction is not granted on it");
                }
            }
            invokable.stream().filter(r -> !invoked.contains(r))
                    .forEach(r -> problems.add(id + ": may invoke " + r + ", which its definition never invokes"));
        }, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyStateMachine_isGrantedExactlyWhatItsDefinitionUses() {
        List<String> problems = new ArrayList<>();
        forEachDefinition((id, properties, text) -> {
            Set<String> needed = neededActions(read(text));
            if (properties.containsKey("Logging")) {
                needed.addAll(LOGGING_ACTIONS);
            }
            if (Boolean.TRUE.equals(SamTemplate.map(properties, "Tracing").get("Enabled"))) {
                needed.addAll(TRACING_ACTIONS);
            }
            Set<String> granted = new TreeSet<>();
            statements(id).forEach(s -> granted.addAll(s.actions()));
            Set<String> missing = new TreeSet<>(needed);
            missing.removeAll(granted);
            Set<String> extra = new TreeSet<>(granted);
            extra.removeAll(needed);
            if (!missing.isEmpty()) {
                problems.add(id + " needs but is not granted " + missing);
            }
            if (!extra.isEmpty()) {
                problems.add(id + " is granted but its definition does not use " + extra);
            }
        }, problems);
        assertThat(problems).isEmpty();
    }

    /**
     * A Task without TimeoutSeconds waits for ever if its function's invocation is lost (Step
     * Functions' default is 99,999,999 s), and so does an execution without one. Each Task allows
     * its function's Timeout plus a margin, so that Lambda's own timeout (Sandbox.Timedout, retried
     * or caught with its name) comes first; each machine's TimeoutSeconds bounds the whole run.
     */
    @Test
    void everyStateMachineAndEveryTask_hasATimeout_aboveItsFunctionsAndWithinTheMachines() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");
        forEachDefinition((id, properties, text) -> {
            JsonNode definition = read(text);
            int machine = definition.path("TimeoutSeconds").asInt(0);
            if (machine <= 0) {
                problems.add(id + ": " + properties.get("DefinitionUri") + " has no top-level TimeoutSeconds");
            }
            Map<String, Object> substitutions = SamTemplate.map(properties, "DefinitionSubstitutions");
            for (JsonNode task : definition.findParents("Resource")) {
                if (!"Task".equals(task.path("Type").asText())) {
                    continue; // an ItemReader's or ResultWriter's Resource
                }
                String placeholder = placeholders(task.path("Parameters").path("FunctionName").asText()).iterator().next();
                String function = functionOf(substitutions.get(placeholder));
                int functionTimeout = ((Number) SamTemplate.properties(functions.get(function)).get("Timeout")).intValue();
                int timeout = task.path("TimeoutSeconds").asInt(0);
                if (timeout <= functionTimeout) {
                    problems.add(id + ": the Task invoking " + function + " has TimeoutSeconds " + timeout
                            + ", not above the function's Timeout " + functionTimeout);
                }
                if (machine > 0 && timeout > machine) {
                    problems.add(id + ": a Task's TimeoutSeconds " + timeout + " exceeds the machine's " + machine);
                }
            }
        }, problems);
        assertThat(problems).isEmpty();
    }

    /** What Step Functions itself does for a definition (documented per integration). */
    static Set<String> neededActions(JsonNode definition) {
        Set<String> needed = new TreeSet<>();
        for (JsonNode node : definition.findParents("Resource")) {
            String resource = node.get("Resource").asText();
            if (resource.equals("arn:aws:states:::lambda:invoke") || resource.startsWith("${") || resource.startsWith("arn:aws:lambda:")) {
                needed.add("lambda:InvokeFunction");
            }
        }
        for (JsonNode map : definition.findParents("ItemProcessor")) {
            if ("DISTRIBUTED".equals(map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText())) {
                // "IAM policies for using Distributed Map states": children are executions of this
                // state machine; a failed map run is stopped and may be redriven.
                needed.addAll(Set.of("states:StartExecution", "states:DescribeExecution", "states:StopExecution",
                        "states:RedriveExecution"));
            }
            String reader = map.path("ItemReader").path("Resource").asText();
            if (reader.equals("arn:aws:states:::s3:getObject")) {
                needed.add("s3:GetObject");
            } else if (reader.equals("arn:aws:states:::s3:listObjectsV2")) {
                needed.add("s3:ListBucket");
            }
            if (map.has("ResultWriter")) {
                needed.addAll(Set.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"));
            }
        }
        return needed;
    }

    /** Placeholders a Task invokes: {@code Parameters.FunctionName} of lambda:invoke, or the Resource itself. */
    static Set<String> invokedPlaceholders(String text) {
        Set<String> invoked = new TreeSet<>();
        for (JsonNode task : read(text).findParents("Resource")) {
            String resource = task.get("Resource").asText();
            String function = resource.equals("arn:aws:states:::lambda:invoke")
                    ? task.path("Parameters").path("FunctionName").asText() : resource;
            invoked.addAll(placeholders(function));
        }
        return invoked;
    }

    static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The function's logical id in {@code !Ref F.Alias}, {@code !Ref F} or {@code !GetAtt F.Arn}; else null. */
    private static String functionOf(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String ref) {
            return ref.endsWith(".Alias") ? ref.substring(0, ref.length() - ".Alias".length()) : ref;
        }
        if (value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> att && "Arn".equals(att.get(1))) {
            return (String) att.get(0);
        }
        return null;
    }

    private List<Statement> statements(String stateMachine) {
        return SamTemplate.statements(stateMachine, template.resources().get(stateMachine));
    }

    interface DefinitionCheck {
        void check(String id, Map<String, Object> properties, String text);
    }

    /** Each state machine with its ASL text; a missing file is a problem unless pending. */
    private void forEachDefinition(DefinitionCheck check, List<String> problems) {
        template.resources("AWS::Serverless::StateMachine").forEach((id, resource) -> {
            Map<String, Object> properties = SamTemplate.properties(resource);
            Object uri = properties.get("DefinitionUri");
            if (!(uri instanceof String file)) {
                problems.add(id + ": DefinitionUri must name an ASL file beside the template, not " + uri);
                return;
            }
            Path path = TemplateFiles.MODULE.resolve(file);
            if (!Files.isRegularFile(path)) {
                if (!PENDING_ASL.containsKey(file)) {
                    problems.add(id + ": " + file + " does not exist");
                }
                return;
            }
            if (PENDING_ASL.containsKey(file)) {
                problems.add(file + " exists now: remove it from TemplateAslTests.PENDING_ASL so that it is checked");
            }
            try {
                check.check(id, properties, Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
