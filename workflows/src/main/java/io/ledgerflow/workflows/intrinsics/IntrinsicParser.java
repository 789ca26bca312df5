package io.ledgerflow.workflows.intrinsics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ledgerflow.workflows.jsonpath.JsonPath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser for intrinsic calls; one instance per expression. */
final class IntrinsicParser {

    private static final int LENGTH_MAX = 10_000; // bounds recursion and scanning
    private static final int DEPTH_MAX = 10;
    static final Set<String> FUNCTIONS = Set.of("States.Format", "States.StringToJson", "States.JsonToString",
            "States.Array", "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange",
            "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode",
            "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd",
            "States.StringSplit", "States.UUID");

    private static final String ESCAPABLE = "'{}\\";
    private final String text;
    private int pos;

    IntrinsicParser(String text) {
        this.text = text;
    }

    Intrinsic parse() {
        if (text.length() > LENGTH_MAX) {
            throw new IntrinsicException("intrinsic expression longer than " + LENGTH_MAX + " characters");
        }
        Intrinsic call = call(0);
        skipSpaces();
        if (pos != text.length()) {
            throw fail("unexpected text after the call");
        }
        return call;
    }

    private Intrinsic call(int depth) {
        if (depth > DEPTH_MAX) {
            throw fail("calls nested deeper than " + DEPTH_MAX);
        }
        int open = text.indexOf('(', pos);
        if (open < 0) {
            throw fail("missing (");
        }
        String name = text.substring(pos, open).trim();
        if (!FUNCTIONS.contains(name)) {
            throw fail("unknown intrinsic function '" + name + "'");
        }
        pos = open + 1;
        List<IntrinsicArg> args = new ArrayList<>();
        skipSpaces();
        if (peek() == ')') {
            pos++;
            return new Intrinsic(name, List.of());
        }
        while (true) {
            skipSpaces();
            args.add(arg(depth));
            skipSpaces();
            char c = peek();
            pos++;
            if (c == ')') {
                return new Intrinsic(name, List.copyOf(args));
            }
            if (c != ',') {
                throw fail("expected , or ) at " + (pos - 1));
            }
        }
    }

    private IntrinsicArg arg(int depth) {
        char c = peek();
        if (c == '\'') {
            return string();
        }
        if (c == '$') {
            return path();
        }
        if (text.startsWith("States.", pos)) {
            return call(depth + 1);
        }
        int start = pos;
        while (pos < text.length() && ",)".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String token = text.substring(start, pos).trim();
        var f = JsonNodeFactory.instance;
        return switch (token) {
            case "true" -> new IntrinsicArg.Literal(f.booleanNode(true), token);
            case "false" -> new IntrinsicArg.Literal(f.booleanNode(false), token);
            case "null" -> new IntrinsicArg.Literal(f.nullNode(), token);
            default -> number(token);
        };
    }

    private IntrinsicArg.Literal number(String token) {
        try {
            BigDecimal d = new BigDecimal(token);
            var f = JsonNodeFactory.instance;
            if (d.scale() <= 0 && token.indexOf('.') < 0 && token.toLowerCase().indexOf('e') < 0) {
                return new IntrinsicArg.Literal(Intrinsics.integer(d.toBigIntegerExact()), token);
            }
            return new IntrinsicArg.Literal(f.numberNode(d), token);
        } catch (ArithmeticException | NumberFormatException e) {
            throw fail("bad argument '" + token + "'");
        }
    }

    private IntrinsicArg.Literal string() {
        pos++; // opening quote
        StringBuilder value = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != '\'') {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                if (ESCAPABLE.indexOf(e) < 0) {
                    // AWS refuses the definition: only \', \{, \} and \\ are escapes in an intrinsic string.
                    throw fail("illegal escape '\\" + e + "' in a string literal (escape only ' { } \\)");
                }
                value.append(e);
                // Keep \{ and \} escaped in the raw form: States.Format must not treat them as placeholders.
                raw.append(e == '{' || e == '}' ? "\\" + e : e == '\\' ? "\\\\" : String.valueOf(e));
            } else {
                value.append(c);
                raw.append(c);
            }
        }
        if (pos >= text.length()) {
            throw fail("unterminated string");
        }
        pos++;
        return new IntrinsicArg.Literal(JsonNodeFactory.instance.textNode(value.toString()), raw.toString());
    }

    private IntrinsicArg.PathArg path() {
        int start = pos;
        int brackets = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            } else if (brackets == 0 && (c == ',' || c == ')')) {
                break;
            }
            pos++;
        }
        String p = text.substring(start, pos).trim();
        boolean context = p.startsWith("$$");
        try {
            return new IntrinsicArg.PathArg(JsonPath.compile(context ? p.substring(1) : p), context);
        } catch (JsonPath.InvalidPathException e) {
            throw fail(e.getMessage());
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw fail("unexpected end");
        }
        return text.charAt(pos);
    }

    private IntrinsicException fail(String why) {
        return new IntrinsicException("invalid intrinsic function call " + text + ": " + why);
    }
}
