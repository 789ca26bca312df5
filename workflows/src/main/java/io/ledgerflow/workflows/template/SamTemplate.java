package io.ledgerflow.workflows.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code workflows/template.yaml} as plain maps and lists, with CloudFormation's short tags turned
 * into their long forms ({@code !Ref X} is {@code {Ref: X}}, {@code !GetAtt A.B} is
 * {@code {Fn::GetAtt: [A, B]}}, {@code !Sub s} is {@code {Fn::Sub: s}}), as CloudFormation reads them.
 */
public final class SamTemplate {

    /** Where the ledgerflow jar keeps the deployed template, beside the ASL files. */
    public static final String RESOURCE = "ledgerflow/workflows/template.yaml";

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    /** The template bundled in the jar ({@value #RESOURCE}): the one that is deployed. */
    public static SamTemplate bundled() {
        try (var in = SamTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (build with ./mvnw package)");
            }
            return parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static SamTemplate load(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static SamTemplate parse(String text) {
        return parse(new java.io.StringReader(text));
    }

    private static SamTemplate parse(Reader in) {
        Object root = new Yaml(new CfnConstructor()).load(in);
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the template is not a YAML mapping");
        }
        return new SamTemplate(cast(map));
    }

    /** A top-level section ({@code Globals}, {@code Parameters}...), empty if absent. */
    public Map<String, Object> section(String key) {
        return map(root, key);
    }

    /** Logical id to resource ({@code Type}, {@code Properties}, {@code Metadata}), in template order. */
    public Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        map(root, "Resources").forEach((id, resource) -> resources.put(id, cast((Map<?, ?>) resource)));
        return resources;
    }

    public Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                matching.put(id, resource);
            }
        });
        return matching;
    }

    public static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource, "Properties");
    }

    /**
     * The stack name under which the template's names are checked: the embedded default's, so that
     * {@code !Sub "${AWS::StackName}-prepare-day"} is the registry's {@code ledgerflow-prepare-day}.
     */
    static final String LOCAL_STACK_NAME = "ledgerflow";

    /**
     * A name property as deployed in stack {@link #LOCAL_STACK_NAME}: a plain string, or a
     * {@code !Sub} whose only variables are pseudo parameters ({@code ${AWS::StackName}} and the
     * account, region and partition, left as they are). Null when the value is another intrinsic.
     */
    static String resolveName(Object value) {
        if (value instanceof String plain) {
            return plain;
        }
        if (value instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String sub
                && !sub.replaceAll("\\$\\{AWS::[A-Za-z]+}", "").contains("${")) {
            return sub.replace("${AWS::StackName}", LOCAL_STACK_NAME);
        }
        return null;
    }

    /** A function's FunctionName as deployed in stack {@link #LOCAL_STACK_NAME}. */
    static String functionName(Map<String, Object> function) {
        Object name = properties(function).get("FunctionName");
        String resolved = resolveName(name);
        if (resolved == null) {
            throw new AssertionError("FunctionName " + name + " is neither a string nor a !Sub of pseudo parameters");
        }
        return resolved;
    }

    /** The inline policy statements of a SAM function or state machine ({@code Policies: - Statement: [...]}). */
    static List<Statement> statements(String logicalId, Map<String, Object> resource) {
        Object policies = properties(resource).get("Policies");
        List<Statement> statements = new ArrayList<>();
        if (policies == null) {
            return statements;
        }
        for (Object policy : (List<?>) policies) {
            if (!(policy instanceof Map<?, ?> document) || !document.containsKey("Statement")) {
                throw new AssertionError(logicalId + ": policy " + policy + " is not an inline statement list;"
                        + " write Statement entries so that the template tests can check each action");
            }
            for (Object s : (List<?>) document.get("Statement")) {
                statements.add(Statement.of(logicalId, cast((Map<?, ?>) s)));
            }
        }
        return statements;
    }

    /** An IAM statement: its Sid (may be null), actions, and resources in CloudFormation's long form. */
    record Statement(String owner, String sid, String effect, Set<String> actions, List<Object> resources) {
        static Statement of(String owner, Map<String, Object> s) {
            return new Statement(owner, (String) s.get("Sid"), (String) s.get("Effect"),
                    new LinkedHashSet<>(strings(s.get("Action"))), list(s.get("Resource")));
        }

        boolean hasWildcard() {
            return actions.stream().anyMatch(a -> a.contains("*")) || resources.contains("*");
        }
    }

    static List<String> strings(Object value) {
        return list(value).stream().map(String.class::cast).toList();
    }

    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** SnakeYAML's safe constructor plus CloudFormation's {@code !Tag} short forms. */
    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    Object value = switch (node) {
                        case ScalarNode scalar -> constructScalar(scalar);
                        case SequenceNode sequence -> constructSequence(sequence);
                        case MappingNode mapping -> constructMapping(mapping);
                        default -> throw new IllegalArgumentException("unexpected node " + node);
                    };
                    if (tag.equals("Ref") || tag.equals("Condition")) {
                        return Map.of(tag, value);
                    }
                    if (tag.equals("GetAtt") && value instanceof String dotted) {
                        int dot = dotted.indexOf('.');
                        return Map.of("Fn::GetAtt", List.of(dotted.substring(0, dot), dotted.substring(dot + 1)));
                    }
                    return Map.of("Fn::" + tag, value);
                }
            });
        }
    }
}
