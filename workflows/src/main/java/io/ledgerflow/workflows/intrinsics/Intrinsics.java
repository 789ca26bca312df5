package io.ledgerflow.workflows.intrinsics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerflow.workflows.jsonpath.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.StringTokenizer;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Evaluates intrinsic calls against a state's input and context object, with AWS's limits. */
public final class Intrinsics {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STRING_CHARS_MAX = 10_000; // Base64 and Hash inputs, as AWS documents
    private static final int ARRAY_RANGE_ITEMS_MAX = 1_000; // ArrayRange's documented limit
    private static final Map<String, String> HASHES = Map.of("MD5", "MD5", "SHA-1", "SHA-1",
            "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    private final RandomGenerator random;

    /** {@code random} feeds MathRandom without a seed and UUID; tests pass a seeded one. */
    public Intrinsics(RandomGenerator random) {
        this.random = random;
    }

    /** Evaluates a call; throws {@link IntrinsicException} on misuse or a missing path. */
    public JsonNode evaluate(Intrinsic call, JsonNode input, JsonNode context) {
        List<JsonNode> a = new ArrayList<>();
        for (IntrinsicArg arg : call.args()) {
            a.add(value(arg, input, context));
        }
        return switch (call.name()) {
            case "States.Format" -> format(call, a);
            case "States.StringToJson" -> stringToJson(string(call, a, 0, 1));
            case "States.JsonToString" -> F.textNode(arity(call, a, 1).get(0).toString());
            case "States.Array" -> F.arrayNode().addAll(a);
            case "States.ArrayPartition" -> partition(array(call, a, 0, 2), integer(call, a, 1));
            case "States.ArrayContains" -> F.booleanNode(contains(array(call, a, 0, 2), a.get(1)));
            case "States.ArrayRange" -> range(call, a);
            case "States.ArrayGetItem" -> getItem(call, array(call, a, 0, 2), integer(call, a, 1));
            case "States.ArrayLength" -> F.numberNode(array(call, a, 0, 1).size());
            case "States.ArrayUnique" -> unique(array(call, a, 0, 1));
            case "States.Base64Encode" -> F.textNode(Base64.getEncoder().encodeToString(
                    limited(call, string(call, a, 0, 1)).getBytes(StandardCharsets.UTF_8)));
            case "States.Base64Decode" -> base64Decode(call, limited(call, string(call, a, 0, 1)));
            case "States.Hash" -> hash(call, limited(call, string(call, a, 0, 2)), string(call, a, 1, 2));
            case "States.JsonMerge" -> merge(call, a);
            case "States.MathRandom" -> mathRandom(call, a);
            case "States.MathAdd" -> integer(Math.addExact(rounded(call, arity(call, a, 2), 0), rounded(call, a, 1)));
            case "States.StringSplit" -> split(string(call, a, 0, 2), string(call, a, 1, 2));
            case "States.UUID" -> uuid(call, a);
            default -> throw new IntrinsicException("unknown intrinsic function " + call.name());
        };
    }

    private JsonNode value(IntrinsicArg arg, JsonNode input, JsonNode context) {
        return switch (arg) {
            case IntrinsicArg.Literal l -> l.value();
            case IntrinsicArg.PathArg p -> {
                try {
                    yield p.path().read(p.context() ? context : input);
                } catch (JsonPath.PathNotFoundException e) {
                    throw new IntrinsicException(e.getMessage());
                }
            }
            case Intrinsic c -> evaluate(c, input, context);
        };
    }

    private static JsonNode format(Intrinsic call, List<JsonNode> a) {
        if (a.isEmpty() || !(call.args().get(0) instanceof IntrinsicArg.Literal template) || !template.value().isTextual()) {
            throw new IntrinsicException("States.Format needs a string literal template as its first argument");
        }
        String raw = template.raw();
        StringBuilder out = new StringBuilder();
        int argIndex = 1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                out.append(raw.charAt(++i));
            } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
                if (argIndex >= a.size()) {
                    throw new IntrinsicException("States.Format has more {} placeholders than arguments");
                }
                out.append(formatArg(a.get(argIndex++)));
                i++;
            } else {
                out.append(c);
            }
        }
        if (argIndex != a.size()) {
            throw new IntrinsicException("States.Format has " + (a.size() - 1) + " arguments for " + (argIndex - 1) + " placeholders");
        }
        return F.textNode(out.toString());
    }

    /**
     * An argument as AWS formats it: strings as they are, other scalars as JSON, objects and arrays
     * as Java's Map and List print them ({@code {a=1, b=[]}}), which is what AWS's recordings show.
     */
    private static String formatArg(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isObject()) {
            StringJoiner out = new StringJoiner(", ", "{", "}");
            v.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + formatArg(e.getValue())));
            return out.toString();
        }
        if (v.isArray()) {
            StringJoiner out = new StringJoiner(", ", "[", "]");
            v.forEach(e -> out.add(formatArg(e)));
            return out.toString();
        }
        return v.toString();
    }

    private static JsonNode stringToJson(String s) {
        if (s.isBlank()) {
            return F.nullNode(); // AWS: States.StringToJson('') and (' ') are null
        }
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IntrinsicException("States.StringToJson: not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode partition(ArrayNode arr, long size) {
        if (size <= 0) {
            throw new IntrinsicException("States.ArrayPartition: chunk size must be positive, was " + size);
        }
        ArrayNode out = F.arrayNode();
        ArrayNode chunk = null;
        for (JsonNode e : arr) {
            if (chunk == null || chunk.size() == size) {
                chunk = out.addArray();
            }
            chunk.add(e);
        }
        return out;
    }

    private static boolean contains(ArrayNode arr, JsonNode v) {
        for (JsonNode e : arr) {
            if (e.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode range(Intrinsic call, List<JsonNode> a) {
        arity(call, a, 3);
        long start = integer(call, a, 0);
        long end = integer(call, a, 1);
        long step = integer(call, a, 2);
        if (step == 0) {
            throw new IntrinsicException("States.ArrayRange: step must not be 0");
        }
        ArrayNode out = F.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            if (out.size() == ARRAY_RANGE_ITEMS_MAX) {
                throw new IntrinsicException("States.ArrayRange: more than " + ARRAY_RANGE_ITEMS_MAX + " items");
            }
            out.add(integer(v));
        }
        return out;
    }

    private static JsonNode getItem(Intrinsic call, ArrayNode arr, long index) {
        if (index < 0 || index >= arr.size()) {
            throw new IntrinsicException(call.name() + ": index " + index + " is out of bounds for an array of " + arr.size());
        }
        return arr.get((int) index);
    }

    private static JsonNode unique(ArrayNode arr) {
        Set<JsonNode> seen = new LinkedHashSet<>();
        arr.forEach(seen::add);
        return F.arrayNode().addAll(seen);
    }

    private static JsonNode base64Decode(Intrinsic call, String s) {
        try {
            return F.textNode(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IntrinsicException(call.name() + ": not valid Base64: " + e.getMessage());
        }
    }

    private static JsonNode hash(Intrinsic call, String data, String algorithm) {
        String jca = HASHES.get(algorithm);
        if (jca == null) {
            throw new IntrinsicException("States.Hash: algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, was " + algorithm);
        }
        try {
            byte[] digest = MessageDigest.getInstance(jca).digest(data.getBytes(StandardCharsets.UTF_8));
            return F.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + jca, e);
        }
    }

    private static JsonNode merge(Intrinsic call, List<JsonNode> a) {
        arity(call, a, 3);
        if (!a.get(0).isObject() || !a.get(1).isObject() || !a.get(2).isBoolean()) {
            throw new IntrinsicException("States.JsonMerge needs two objects and a boolean");
        }
        if (a.get(2).booleanValue()) {
            // AWS supports only the shallow merge; deep merge is rejected there too.
            throw new IntrinsicException("States.JsonMerge: deep merge (true) is not supported; pass false");
        }
        ObjectNode out = a.get(0).deepCopy();
        out.setAll((ObjectNode) a.get(1).deepCopy());
        return out;
    }

    private JsonNode mathRandom(Intrinsic call, List<JsonNode> a) {
        if (a.size() != 2 && a.size() != 3) {
            throw new IntrinsicException("States.MathRandom takes a start, an end and an optional seed");
        }
        long start = rounded(call, a, 0);
        long end = rounded(call, a, 1);
        if (end <= start) {
            throw new IntrinsicException("States.MathRandom: end must be greater than start");
        }
        RandomGenerator g = a.size() == 3 ? new Random(integer(call, a, 2)) : random;
        return integer(g.nextLong(start, end)); // start inclusive, end exclusive
    }

    private static JsonNode split(String s, String delimiters) {
        ArrayNode out = F.arrayNode();
        StringTokenizer t = new StringTokenizer(s, delimiters);
        while (t.hasMoreTokens()) {
            out.add(t.nextToken());
        }
        return out;
    }

    private JsonNode uuid(Intrinsic call, List<JsonNode> a) {
        arity(call, a, 0);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (bytes[i] & 0xff);
            lo = (lo << 8) | (bytes[i + 8] & 0xff);
        }
        return F.textNode(new UUID(hi, lo).toString());
    }

    /** The smallest integral node for a value, so results compare equal to parsed JSON (IntNode for 110). */
    static JsonNode integer(long v) {
        return v == (int) v ? F.numberNode((int) v) : F.numberNode(v);
    }

    static JsonNode integer(java.math.BigInteger v) {
        return v.bitLength() < 64 ? integer(v.longValue()) : F.numberNode(v);
    }

    private static List<JsonNode> arity(Intrinsic call, List<JsonNode> a, int n) {
        if (a.size() != n) {
            throw new IntrinsicException(call.name() + " takes " + n + " arguments, got " + a.size());
        }
        return a;
    }

    private static String string(Intrinsic call, List<JsonNode> a, int i, int n) {
        arity(call, a, n);
        if (!a.get(i).isTextual()) {
            throw new IntrinsicException(call.name() + ": argument " + (i + 1) + " must be a string, was " + a.get(i).getNodeType());
        }
        return a.get(i).textValue();
    }

    private static ArrayNode array(Intrinsic call, List<JsonNode> a, int i, int n) {
        arity(call, a, n);
        if (!a.get(i).isArray()) {
            throw new IntrinsicException(call.name() + ": argument " + (i + 1) + " must be an array, was " + a.get(i).getNodeType());
        }
        return (ArrayNode) a.get(i);
    }

    private static long integer(Intrinsic call, List<JsonNode> a, int i) {
        JsonNode v = a.get(i);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IntrinsicException(call.name() + ": argument " + (i + 1) + " must be an integer, was " + v);
        }
        return v.longValue();
    }

    /**
     * A number argument of MathAdd or MathRandom: AWS rounds a decimal to the nearest integer,
     * halves up (Java's Math.round: 1.5 is 2, -1.5 is -1, -0.5 is 0), as its recordings show.
     */
    private static long rounded(Intrinsic call, List<JsonNode> a, int i) {
        JsonNode v = a.get(i);
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (!v.isNumber()) {
            throw new IntrinsicException(call.name() + ": argument " + (i + 1) + " must be a number, was " + v);
        }
        BigDecimal r = v.decimalValue().add(HALF).setScale(0, RoundingMode.FLOOR);
        if (r.abs().compareTo(LONG_MAX) > 0) {
            throw new IntrinsicException(call.name() + ": argument " + (i + 1) + " is out of range, was " + v);
        }
        return r.longValueExact();
    }

    private static String limited(Intrinsic call, String s) {
        if (s.length() > STRING_CHARS_MAX) {
            throw new IntrinsicException(call.name() + ": input longer than " + STRING_CHARS_MAX + " characters");
        }
        return s;
    }
}
