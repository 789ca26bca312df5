package io.ledgerflow.core.billing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The header row of a billing file: where each column is, and how many fields a row must have. */
public final class BillingHeader {

    private final int fieldCount;
    private final int[] indexOf = new int[Column.values().length];

    private BillingHeader(int fieldCount, Map<Column, Integer> positions) {
        this.fieldCount = fieldCount;
        Arrays.fill(indexOf, -1);
        positions.forEach((column, index) -> indexOf[column.ordinal()] = index);
    }

    /**
     * Reads a header row; throws {@link BadInputFileException} naming every missing required column
     * or a column named twice.
     */
    public static BillingHeader parse(String source, List<String> names) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (byName.putIfAbsent(name, i) != null && isKnown(name)) {
                throw new BadInputFileException(source, 1, "column '" + name + "' appears twice in the header", null);
            }
        }
        List<String> missing = new ArrayList<>();
        Map<Column, Integer> positions = new HashMap<>();
        for (Column column : Column.values()) {
            Integer index = byName.get(column.header());
            if (index != null) {
                positions.put(column, index);
            } else if (column.required()) {
                missing.add(column.header());
            }
        }
        if (!missing.isEmpty()) {
            // Each missing column named once; what to do follows (the full list is in DESIGN and README).
            throw new BadInputFileException(source, 1, "the header lacks the required column"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + ": add " + (missing.size() > 1 ? "them" : "it") + " to the first row (in any order) and run again",
                    null);
        }
        return new BillingHeader(names.size(), positions);
    }

    private static boolean isKnown(String name) {
        for (Column column : Column.values()) {
            if (column.header().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The positions whose text ledgerflow never reads: extra columns and the description. Their
     * fields still count for the field-count check.
     */
    boolean[] unreadColumns() {
        boolean[] unread = new boolean[fieldCount];
        Arrays.fill(unread, true);
        for (Column column : Column.values()) {
            int index = indexOf[column.ordinal()];
            if (index >= 0 && column != Column.DESCRIPTION) {
                unread[index] = false;
            }
        }
        return unread;
    }

    public int fieldCount() {
        return fieldCount;
    }

    /**
     * Where a column is in a row, as {@link #parse} found it (names compared without surrounding
     * spaces); -1 for an absent optional column.
     */
    public int position(Column column) {
        return indexOf[column.ordinal()];
    }

    /** The raw field of a row whose field count matches the header; "" for an absent optional column. */
    public String field(BillingRow row, Column column) {
        int index = indexOf[column.ordinal()];
        return index < 0 ? "" : row.fields()[index];
    }
}
