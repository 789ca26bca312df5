package io.ledgerflow.workflows.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSONPath subset ASL uses: {@code $}, {@code .name}, {@code ['name']}, {@code [n]} (negative
 * from the end), {@code [*]}, {@code .*}, {@code [a,b]}, {@code [start:end]}, {@code ..name} and
 * simple filters {@code [?(@.x op literal)]}. A path with none of the multi-match forms is
 * "definite": it reads one value (or fails); others read an array of every match, as AWS does.
 */
public final class JsonPath {

    private static final int LENGTH_MAX = 2048; // far above any real ASL path; bounds the parser

    sealed interface Segment {}
    record Field(String name) implements Segment {}
    record Index(int index) implements Segment {}
    record Wildcard() implements Segment {}
    record Union(List<Integer> indexes) implements Segment {}
    record Slice(Integer start, Integer end) implements Segment {}
    record DeepScan(String name) implements Segment {} // name null = every descendant
    record Filter(JsonPath left, String op, JsonNode literal) implements Segment {
        boolean matches(JsonNode element) {
            JsonNode v = left.readOrNull(element);
            if (op == null) {
                return v != null;
            }
            if (v == null) {
                return false;
            }
            if (v.isNumber() && literal.isNumber()) {
                return compare(v.decimalValue().compareTo(literal.decimalValue()));
            }
            if (v.isTextual() && literal.isTextual()) {
                return compare(v.textValue().compareTo(literal.textValue()));
            }
            return switch (op) {
                case "==" -> v.equals(literal);
                case "!=" -> !v.equals(literal);
                default -> false;
            };
        }

        private boolean compare(int c) {
            return switch (op) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
    }

    private final String text;
    private final List<Segment> segments;

    private JsonPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** Parses a path starting with {@code $} (or {@code @} inside filters). */
    public static JsonPath compile(String text) {
        if (text == null || text.isEmpty() || text.length() > LENGTH_MAX) {
            throw new InvalidPathException(text, "empty or longer than " + LENGTH_MAX + " characters");
        }
        return new JsonPathParser(text).parse();
    }

    static JsonPath of(String text, List<Segment> segments) {
        return new JsonPath(text, segments);
    }

    /** True when the path reads exactly one value (no wildcard, union, slice, scan or filter). */
    public boolean isDefinite() {
        return segments.stream().allMatch(s -> s instanceof Field || s instanceof Index);
    }

    /** True for a reference path (ResultPath): fields and indexes only. */
    public boolean isReference() {
        return isDefinite();
    }

    /**
     * Reads the path from {@code root}.
     *
     * @throws PathNotFoundException when a definite path does not exist in {@code root}
     */
    public JsonNode read(JsonNode root) {
        if (isDefinite()) {
            JsonNode node = root;
            for (int i = 0; i < segments.size(); i++) {
                node = step(node, segments.get(i));
                if (node == null) {
                    throw new PathNotFoundException(text, notFound(i));
                }
            }
            return node;
        }
        List<JsonNode> current = List.of(root);
        for (Segment s : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                collect(n, s, next);
            }
            current = next;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        current.forEach(out::add);
        return out;
    }

    /** Reads the path, or returns null when a definite path is absent. */
    public JsonNode readOrNull(JsonNode root) {
        try {
            return read(root);
        } catch (PathNotFoundException e) {
            return null;
        }
    }

    /**
     * Returns a copy of {@code root} with {@code value} placed at this reference path, creating
     * missing objects on the way (ResultPath semantics).
     *
     * @throws PathNotFoundException when the path runs through a value that is not an object
     */
    public JsonNode put(JsonNode root, JsonNode value) {
        if (segments.isEmpty()) {
            return value;
        }
        JsonNode copy = root.deepCopy();
        JsonNode node = copy;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (s instanceof Field f && node instanceof ObjectNode obj) {
                if (last) {
                    obj.set(f.name(), value);
                } else {
                    JsonNode child = obj.get(f.name());
                    if (child == null) {
                        child = obj.putObject(f.name());
                    }
                    node = child;
                }
            } else if (s instanceof Index ix && node instanceof ArrayNode arr && index(arr, ix.index()) >= 0) {
                if (last) {
                    arr.set(index(arr, ix.index()), value);
                } else {
                    node = arr.get(index(arr, ix.index()));
                }
            } else {
                throw new PathNotFoundException(text);
            }
        }
        return copy;
    }

    /**
     * Jayway JsonPath's wording (AWS evaluates paths with it): a missing leaf is "No results for
     * path: $['a']['b']", a missing property on the way is "Missing property in path $['a']".
     */
    private String notFound(int failedSegment) {
        StringBuilder path = new StringBuilder("$");
        for (int i = 0; i <= failedSegment; i++) {
            path.append(switch (segments.get(i)) {
                case Field f -> "['" + f.name() + "']";
                case Index ix -> "[" + ix.index() + "]";
                default -> throw new IllegalStateException("a definite path has fields and indexes only");
            });
        }
        return failedSegment == segments.size() - 1 ? "No results for path: " + path : "Missing property in path " + path;
    }

    private static JsonNode step(JsonNode node, Segment s) {
        if (s instanceof Field f) {
            return node.isObject() ? node.get(f.name()) : null;
        }
        Index ix = (Index) s;
        if (!node.isArray()) {
            return null;
        }
        int i = index((ArrayNode) node, ix.index());
        return i < 0 ? null : node.get(i);
    }

    private static int index(ArrayNode arr, int i) {
        int resolved = i < 0 ? arr.size() + i : i;
        return resolved >= 0 && resolved < arr.size() ? resolved : -1;
    }

    private static void collect(JsonNode node, Segment s, List<JsonNode> out) {
        switch (s) {
            case Field f -> addIfPresent(step(node, f), out);
            case Index i -> addIfPresent(step(node, i), out);
            case Wildcard w -> node.elements().forEachRemaining(out::add);
            case Union u -> u.indexes().forEach(i -> collect(node, new Index(i), out));
            case Slice sl -> slice(node, sl, out);
            case DeepScan d -> deepScan(node, d.name(), out);
            case Filter f -> node.elements().forEachRemaining(e -> {
                if (f.matches(e)) {
                    out.add(e);
                }
            });
        }
    }

    private static void addIfPresent(JsonNode v, List<JsonNode> out) {
        if (v != null) {
            out.add(v);
        }
    }

    private static void slice(JsonNode node, Slice sl, List<JsonNode> out) {
        if (!node.isArray()) {
            return;
        }
        int size = node.size();
        int start = sl.start() == null ? 0 : sl.start() < 0 ? Math.max(0, size + sl.start()) : sl.start();
        int end = sl.end() == null ? size : sl.end() < 0 ? size + sl.end() : Math.min(sl.end(), size);
        for (int i = start; i < end; i++) {
            out.add(node.get(i));
        }
    }

    private static void deepScan(JsonNode node, String name, List<JsonNode> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (name == null || name.equals(e.getKey())) {
                    out.add(e.getValue());
                }
                deepScan(e.getValue(), name, out);
            }
        } else if (node.isArray()) {
            for (JsonNode e : node) {
                if (name == null) {
                    out.add(e);
                }
                deepScan(e, name, out);
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** Thrown when a path's text is not valid JSONPath. */
    public static final class InvalidPathException extends RuntimeException {
        public InvalidPathException(String path, String why) {
            super("invalid JSONPath '" + path + "': " + why);
        }
    }

    /** Thrown when a definite path names a value that is not in the input. */
    public static final class PathNotFoundException extends RuntimeException {
        private final String path;

        public PathNotFoundException(String path) {
            this(path, "No results for path: " + path);
        }

        /** {@code detail} is the message, in Jayway JsonPath's wording. */
        public PathNotFoundException(String path, String detail) {
            super(detail);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }
}
