package io.ledgerflow.core.csv;

/** RFC 4180 output: a field is quoted only when it holds a comma, a quote or a line break. */
public final class CsvText {
    private CsvText() {}

    public static void appendField(StringBuilder out, String value) {
        if (!needsQuotes(value)) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
