package io.ledgerflow.core.adapters.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers to build and read attribute values; reading a missing attribute is a defect. */
final class Attr {

    private Attr() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("item " + item.get(Keys.PK) + "/" + item.get(Keys.SK)
                    + " has no string attribute '" + name + "'");
        }
        return value.s();
    }

    /** A string attribute that may be absent. */
    static String sOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalStateException("item " + item.get(Keys.PK) + "/" + item.get(Keys.SK)
                    + " has no number attribute '" + name + "'");
        }
        return Long.parseLong(value.n());
    }
}
