package io.ledgerflow.core.journal;

import java.util.Arrays;

/**
 * Strings (billing ids) kept as slices of one char buffer, each known by its index, with an
 * optional open-addressing index of their text: a day's hundreds of thousands of ids cost two
 * arrays instead of a String and a hash-set node each, which the collector would trace for as
 * long as the day lives.
 */
final class IdBuffer {

    /** More ids than this would not fit the int offsets; a day is far below it. */
    private static final int IDS_MAX = Integer.MAX_VALUE / 4;

    private char[] chars = new char[1 << 16];
    private int charsUsed;
    /** {@code starts[i]} .. {@code starts[i + 1]} is id {@code i}. */
    private int[] starts = new int[1 << 12];
    private int count;
    /**
     * Open addressing, a power of two, at most half full: 0 for an empty slot, else an id's
     * {@link String#hashCode} in the high half and its index + 1 in the low half. The hash beside
     * the index settles most probes without reaching the id's text, and keeps each probe to one
     * memory access (a day's table is megabytes, and its probes land anywhere in it).
     */
    private long[] slots = new long[1 << 13];

    int size() {
        return count;
    }

    /** Adds {@code id} unless an equal id was added through this method before: its index, or -1 if it was. */
    int addIfAbsent(String id) {
        if ((count + 1) * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        int mask = slots.length - 1;
        int hash = id.hashCode();
        int slot = mix(hash) & mask;
        for (long entry = slots[slot]; entry != 0; entry = slots[slot]) {
            if ((int) (entry >>> 32) == hash && equalsAt((int) entry - 1, id)) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
        int index = append(id);
        slots[slot] = ((long) hash << 32) | (index + 1L);
        return index;
    }

    /** Adds {@code id} without indexing its text; its index. */
    int append(String id) {
        if (count == IDS_MAX) {
            throw new IllegalStateException("more than " + IDS_MAX + " ids in one run");
        }
        int length = id.length();
        if (charsUsed + length > chars.length) {
            long grown = Math.max((long) chars.length * 2, (long) charsUsed + length);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("ids of one run exceed " + (Integer.MAX_VALUE - 8) + " chars");
            }
            chars = Arrays.copyOf(chars, (int) grown);
        }
        if (count + 1 >= starts.length) {
            starts = Arrays.copyOf(starts, starts.length * 2);
        }
        id.getChars(0, length, chars, charsUsed);
        starts[count] = charsUsed;
        charsUsed += length;
        starts[count + 1] = charsUsed;
        return count++;
    }

    String get(int index) {
        return new String(chars, starts[index], starts[index + 1] - starts[index]);
    }

    /** Compares two ids as {@link String#compareTo} compares them (UTF-16 code units). */
    int compare(int a, int b) {
        return Arrays.compare(chars, starts[a], starts[a + 1], chars, starts[b], starts[b + 1]);
    }

    /** The length of id {@code index} in chars. */
    int length(int index) {
        return starts[index + 1] - starts[index];
    }

    /** Copies id {@code index}, which must be ASCII, into {@code out} at {@code at}, a byte per char. */
    void copyAscii(int index, byte[] out, int at) {
        int start = starts[index];
        int end = starts[index + 1];
        for (int i = start; i < end; i++) {
            out[at++] = (byte) chars[i];
        }
    }

    private boolean equalsAt(int index, String id) {
        int start = starts[index];
        int length = starts[index + 1] - start;
        if (length != id.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[start + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void rehash(int capacity) {
        long[] grown = new long[capacity];
        int mask = capacity - 1;
        for (long entry : slots) {
            if (entry != 0) {
                int slot = mix((int) (entry >>> 32)) & mask;
                while (grown[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                grown[slot] = entry;
            }
        }
        slots = grown;
    }

    /** Spreads String's hash (ids differ mostly in their last digits) over the table's bits. */
    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
