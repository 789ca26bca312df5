package io.ledgerflow.workflows.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.workflows.jsonpath.JsonPath.InvalidPathException;
import io.ledgerflow.workflows.jsonpath.JsonPath.Segment;
import java.util.ArrayList;
import java.util.List;

/** Parses JSONPath text into segments; one instance per path. */
final class JsonPathParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String text;
    private int pos;

    JsonPathParser(String text) {
        this.text = text;
    }

    JsonPath parse() {
        char first = text.charAt(0);
        if (first != '$' && first != '@') {
            throw fail("must start with $");
        }
        pos = 1;
        List<Segment> segments = new ArrayList<>();
        while (pos < text.length()) {
            segments.add(segment());
        }
        return JsonPath.of(text, segments);
    }

    private Segment segment() {
        char c = text.charAt(pos);
        if (c == '.') {
            if (text.startsWith("..", pos)) {
                pos += 2;
                if (peek('*')) {
                    pos++;
                    return new JsonPath.DeepScan(null);
                }
                return new JsonPath.DeepScan(name());
            }
            pos++;
            if (peek('*')) {
                pos++;
                return new JsonPath.Wildcard();
            }
            return new JsonPath.Field(name());
        }
        if (c == '[') {
            pos++;
            Segment s = bracket();
            expect(']');
            return s;
        }
        throw fail("unexpected '" + c + "' at " + pos);
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && ".[]".indexOf(text.charAt(pos)) < 0 && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("empty field name at " + start);
        }
        return text.substring(start, pos);
    }

    private Segment bracket() {
        if (peek('\'') || peek('"')) {
            return new JsonPath.Field(quoted());
        }
        if (peek('*')) {
            pos++;
            return new JsonPath.Wildcard();
        }
        if (peek('?')) {
            return filter();
        }
        int close = text.indexOf(']', pos);
        if (close < 0) {
            throw fail("missing ]");
        }
        String inside = text.substring(pos, close).trim();
        pos = close;
        try {
            if (inside.contains(":")) {
                String[] parts = inside.split(":", -1);
                return new JsonPath.Slice(intOrNull(parts[0]), intOrNull(parts[1]));
            }
            if (inside.contains(",")) {
                List<Integer> indexes = new ArrayList<>();
                for (String p : inside.split(",")) {
                    indexes.add(Integer.parseInt(p.trim()));
                }
                return new JsonPath.Union(indexes);
            }
            return new JsonPath.Index(Integer.parseInt(inside));
        } catch (NumberFormatException e) {
            throw fail("bad index '" + inside + "'");
        }
    }

    private Segment filter() {
        // [?(@.path op literal)]; only the comparison forms AWS examples use.
        expect('?');
        expect('(');
        int close = text.indexOf(')', pos);
        if (close < 0) {
            throw fail("missing ) in filter");
        }
        String expr = text.substring(pos, close).trim();
        pos = close + 1;
        for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
            int at = expr.indexOf(op);
            if (at > 0) {
                JsonPath left = JsonPath.compile(expr.substring(0, at).trim());
                return new JsonPath.Filter(left, op, literal(expr.substring(at + op.length()).trim()));
            }
        }
        return new JsonPath.Filter(JsonPath.compile(expr), null, null);
    }

    private JsonNode literal(String s) {
        String json = s.startsWith("'") && s.endsWith("'") && s.length() >= 2
                ? JSON.getNodeFactory().textNode(s.substring(1, s.length() - 1)).toString()
                : s;
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw fail("bad filter literal " + s);
        }
    }

    /**
     * A quoted name: a backslash escapes only the quote character and itself; any other backslash
     * is part of the name (AWS reads {@code $['a\"b']} as the three-character key {@code a\"b}).
     */
    private String quoted() {
        char q = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != q) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length() && (text.charAt(pos) == q || text.charAt(pos) == '\\')) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        expect(q);
        return sb.toString();
    }

    private static Integer intOrNull(String s) {
        return s.isBlank() ? null : Integer.parseInt(s.trim());
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw fail("expected '" + c + "' at " + pos);
        }
        pos++;
    }

    private InvalidPathException fail(String why) {
        return new InvalidPathException(text, why);
    }
}
