package io.ledgerflow.core.adapters.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it, for its 400 KB item limit and for write units (one per
 * started KB of a put or delete): each attribute's name plus its value; strings and binaries their
 * bytes, numbers a byte per two significant digits plus one, booleans and nulls one byte, lists and
 * maps 3 bytes plus a byte per element plus their elements (map keys counted).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
public final class ItemBytes {

    /** Bytes of one write unit. */
    public static final int WRITE_UNIT_BYTES = 1_024;

    private ItemBytes() {}

    public static long of(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return bytes;
    }

    /** Write units of one put (or delete) of the item. */
    public static long writeUnits(Map<String, AttributeValue> item) {
        return (of(item) + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES;
    }

    private static long valueBytes(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> (significantDigits(value.n()) + 1) / 2 + 1;
            case B -> value.b().asByteArrayUnsafe().length;
            case BOOL, NUL -> 1;
            case L -> {
                long bytes = 3 + value.l().size();
                for (AttributeValue element : value.l()) {
                    bytes += valueBytes(element);
                }
                yield bytes;
            }
            case M -> 3 + value.m().size() + of(value.m());
            default -> throw new IllegalArgumentException("ItemBytes does not size " + value.type() + " attributes");
        };
    }

    private static int significantDigits(String number) {
        String digits = number.replace("-", "").replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, digits.length());
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
