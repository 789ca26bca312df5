package io.ledgerflow.core.journal;

import java.util.HashMap;
import java.util.Map;

/**
 * A handful of strings (a rule set's billing types, tax codes or currencies) to small ints, looked
 * up for every billing line. Each line's field is a new String whose hash has never been computed;
 * with few keys a scan that compares lengths, then characters, costs less than hashing the field
 * and going through a {@code HashMap} with boxed values, above all in journalize's C1-compiled code,
 * which inlines little. More keys than {@link #SCAN_KEYS_MAX} go through a map.
 */
final class TextIndex {

    /** Up to this many keys are scanned; a rule set usually has two to five per kind. */
    private static final int SCAN_KEYS_MAX = 8;

    private final String[] keys;
    private final int[] values;
    private final Map<String, Integer> many;

    TextIndex(Map<String, Integer> entries) {
        this.keys = entries.keySet().toArray(String[]::new);
        this.values = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            values[i] = entries.get(keys[i]);
        }
        this.many = keys.length > SCAN_KEYS_MAX ? new HashMap<>(entries) : null;
    }

    /** The value of {@code key}; -1 when it is not a key. */
    int get(String key) {
        if (many != null) {
            Integer value = many.get(key);
            return value == null ? -1 : value;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return -1;
    }
}
