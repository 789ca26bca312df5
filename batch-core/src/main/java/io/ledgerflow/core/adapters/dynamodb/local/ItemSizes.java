package io.ledgerflow.core.adapters.dynamodb.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Item sizes and capacity units as DynamoDB counts them, from an item in the wire format
 * ({@code {"name": {"S": "..."}, ...}}). "DynamoDB item sizes and formats" states the rules: an
 * item is the sum of its attribute names (UTF-8 bytes) and values; a string is its UTF-8 bytes, a
 * binary its raw bytes, a Boolean or null 1 byte; a list or map 3 bytes plus its elements, each
 * element 1 byte more (a map's element also its key); a set the sum of its elements. The docs give
 * a number "approximately" as 1 byte per two significant digits plus 1; exactly, as DynamoDB Local
 * measures it (checked byte for byte against the engine's 400 KB limit in ItemSizesTests), its
 * digits are taken in pairs aligned on the decimal point, leading and trailing zero pairs dropped,
 * plus 1 byte, plus 1 more when negative; zero is 1 byte.
 */
public final class ItemSizes {

    /** A write unit covers 1 KB of item. */
    public static final int WRITE_UNIT_BYTES = 1024;
    /** A strongly consistent read unit covers 4 KB; an eventually consistent read costs half. */
    public static final int READ_UNIT_BYTES = 4096;

    private static final int CONTAINER_BYTES = 3;
    private static final int ELEMENT_BYTES = 1;

    private ItemSizes() {}

    /** The item's size in bytes. */
    public static long itemBytes(JsonNode item) {
        long bytes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            bytes += utf8Bytes(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return bytes;
    }

    /** Write units of writing an item of {@code bytes}: one per started KB, at least one. */
    public static long writeUnits(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    /** Read units of reading {@code bytes} (one item, or a query's items together): per started 4 KB. */
    public static double readUnits(long bytes, boolean consistent) {
        long units = Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
        return consistent ? units : units / 2.0;
    }

    static long valueBytes(JsonNode value) {
        Iterator<Map.Entry<String, JsonNode>> typed = value.fields();
        if (!typed.hasNext()) {
            throw new IllegalArgumentException("an attribute value needs a type: " + value);
        }
        Map.Entry<String, JsonNode> only = typed.next();
        JsonNode v = only.getValue();
        return switch (only.getKey()) {
            case "S" -> utf8Bytes(v.asText());
            case "N" -> numberBytes(v.asText());
            case "B" -> binaryBytes(v.asText());
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(v, e -> utf8Bytes(e.asText()));
            case "NS" -> sum(v, e -> numberBytes(e.asText()));
            case "BS" -> sum(v, e -> binaryBytes(e.asText()));
            case "L" -> CONTAINER_BYTES + sum(v, e -> valueBytes(e) + ELEMENT_BYTES);
            case "M" -> CONTAINER_BYTES + mapBytes(v);
            default -> throw new IllegalArgumentException("unknown attribute type " + only.getKey());
        };
    }

    private static long mapBytes(JsonNode map) {
        long bytes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            bytes += utf8Bytes(e.getKey()) + valueBytes(e.getValue()) + ELEMENT_BYTES;
        }
        return bytes;
    }

    private interface Size {
        long of(JsonNode element);
    }

    private static long sum(JsonNode array, Size size) {
        long bytes = 0;
        for (JsonNode element : array) {
            bytes += size.of(element);
        }
        return bytes;
    }

    /** A number: its digits in base-100 pairs aligned on the decimal point, zero pairs trimmed, + 1 (+ 1 if negative). */
    static long numberBytes(String text) {
        BigDecimal n = new BigDecimal(text.strip()).stripTrailingZeros();
        if (n.signum() == 0) {
            return 1;
        }
        int digits = n.precision();
        int scale = n.scale(); // digits right of the point; negative when the last digit is left of it
        int leadingExponent = digits - scale - 1;
        int padLeft = Math.floorMod(leadingExponent, 2) == 0 ? 1 : 0; // the leading digit is its pair's low digit
        int padRight = Math.floorMod(scale, 2);                         // the last digit is its pair's high digit
        long pairs = (digits + padLeft + padRight) / 2;
        return pairs + 1 + (n.signum() < 0 ? 1 : 0);
    }

    /** The raw length of base64 text, without decoding it. */
    static long binaryBytes(String base64) {
        int length = base64.length();
        int padding = length > 0 && base64.charAt(length - 1) == '=' ? (length > 1 && base64.charAt(length - 2) == '=' ? 2 : 1) : 0;
        return (long) length / 4 * 3 - padding;
    }

    static long utf8Bytes(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
