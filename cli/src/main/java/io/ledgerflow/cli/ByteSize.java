package io.ledgerflow.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size in bytes as an operator writes it: {@code 1073741824}, {@code 512m}, {@code 1g}, {@code 1GiB}
 * (k, m, g, t are powers of 1,024).
 */
record ByteSize(long bytes) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,19})\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    static ByteSize parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 1073741824, 512m, 1g)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long value = Long.parseLong(m.group(1));
        if (value < 1 || value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is out of range");
        }
        return new ByteSize(value << shift);
    }

    /** For people: {@code 1.0 GiB}, {@code 300.5 MiB}, {@code 12 bytes}. */
    @Override
    public String toString() {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** picocli's converter: a bad value is a usage error (exit 2). */
    static final class Converter implements ITypeConverter<ByteSize> {
        @Override
        public ByteSize convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
