package io.ledgerflow.core.journal;

import io.ledgerflow.core.csv.CsvText;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.TaxCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The canonical journal rows of an invoice, calculated and formatted straight from
 * {@link AcceptedLines} in long minor units: {@link JournalEntryBuilder}'s calculation and
 * JournalCsvWriter's row format, without a {@code JournalEntry}, {@code Money} or
 * {@code BigDecimal} per line. An invoice whose amounts leave long's range is not written
 * ({@link #append} answers false) and takes the {@code BigDecimal} path; CanonicalRowsTest holds
 * both paths to the same bytes. Holds scratch arrays: one instance per posting thread at a time.
 */
final class CanonicalRows {

    /** Invoices with more lines than this are sorted by a merge sort instead of insertion. */
    private static final int INSERTION_SORT_LINES_MAX = 32;

    private final AcceptedLines lines;
    private final IdBuffer billingIds;
    private final Layout layout;
    private int[] order = new int[64];
    private final long[] base;
    private final long[] tax;
    private final boolean[] used;

    CanonicalRows(AcceptedLines lines, IdBuffer billingIds, Layout layout) {
        this.lines = lines;
        this.billingIds = billingIds;
        this.layout = layout;
        this.base = new long[layout.taxFields.length];
        this.tax = new long[layout.taxFields.length];
        this.used = new boolean[layout.taxFields.length];
    }

    /**
     * The run's fixed texts and rates, made once: the business date's fields, the accounts and tax
     * codes as CSV fields (quoted as JournalCsvWriter quotes them), each tax code's rate as an
     * unscaled long and a scale (or no long when it does not fit one).
     */
    static final class Layout {
        final String date;
        /** The texts as UTF-8 bytes, made once: rows are written as bytes ({@link Utf8Rows}). */
        final byte[] dateColon;
        final byte[] commaDateComma;
        /** The accounts as CSV fields, each with the comma before it (a row has the line number there). */
        final byte[] receivableField;
        final byte[][] accountFields;
        final byte[][] payableFields;
        final byte[][] taxFields;
        final byte[][] currencyCodes;
        final long[] rateUnscaled;
        final int[] rateScale;
        final boolean[] rateFitsLong;
        final RoundingMode taxRounding;
        final CurrencyUnit[] currencies;

        Layout(Rules rules, RuleIndex index, LocalDate businessDate) {
            date = businessDate.toString();
            dateColon = utf8(date + ":");
            commaDateComma = utf8("," + date + ",");
            receivableField = commaField(rules.receivableAccount());
            accountFields = Arrays.stream(index.accounts).map(Layout::commaField).toArray(byte[][]::new);
            taxFields = Arrays.stream(index.taxCodeText).map(Layout::field).toArray(byte[][]::new);
            int taxCount = index.taxCodes.length;
            payableFields = new byte[taxCount][];
            rateUnscaled = new long[taxCount];
            rateScale = new int[taxCount];
            rateFitsLong = new boolean[taxCount];
            for (int t = 0; t < taxCount; t++) {
                TaxCode code = index.taxCodes[t];
                // A zero-rated code may have no payable account; it never makes a tax line.
                payableFields[t] = code.payableAccount() == null ? null : commaField(code.payableAccount());
                BigDecimal rate = code.rate();
                rateFitsLong[t] = rate.unscaledValue().bitLength() < Long.SIZE;
                rateUnscaled[t] = rateFitsLong[t] ? rate.unscaledValue().longValue() : 0;
                rateScale[t] = rate.scale();
            }
            taxRounding = rules.taxRounding();
            currencies = index.currencies;
            currencyCodes = Arrays.stream(currencies).map(currency -> utf8(currency.code() + ",")).toArray(byte[][]::new);
        }

        /** A rules text as a CSV field (quoted as JournalCsvWriter quotes it), in UTF-8. */
        private static byte[] field(String value) {
            return utf8(csvField(new StringBuilder(value.length() + 2), value));
        }

        /** As {@link #field}, with the comma before it. */
        private static byte[] commaField(String value) {
            return utf8(csvField(new StringBuilder(value.length() + 3).append(','), value));
        }

        private static String csvField(StringBuilder out, String value) {
            CsvText.appendField(out, value);
            return out.toString();
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        /** {@code base x rate} of tax code {@code t} at {@code digits}, rounded once; or OVERFLOW. */
        long tax(int t, long base, int digits) {
            if (!rateFitsLong[t]) {
                return MinorUnits.OVERFLOW;
            }
            return MinorUnits.lineAmount(base, rateUnscaled[t], digits + rateScale[t], digits, taxRounding);
        }

        int currencyIndex(CurrencyUnit currency) {
            for (int i = 0; i < currencies.length; i++) {
                if (currencies[i] == currency || currencies[i].equals(currency)) {
                    return i;
                }
            }
            throw new IllegalStateException("currency " + currency + " is not the rules'");
        }
    }

    /**
     * Appends the rows of {@code invoice}'s entry to {@code out} (none when every line would be
     * zero) and adds the invoice to {@code tally}: true. False, with {@code out} and {@code tally}
     * untouched, when an amount or a sum leaves long's range. Throws
     * {@link InvariantViolationException} when the entry's debits would not equal its credits.
     */
    boolean append(Utf8Rows out, Invoice invoice, MinorTally tally) {
        int count = sortedLines(invoice);
        if (count < 0) {
            return false;
        }
        int digits = invoice.currency.minorDigits();
        long net = 0;
        Arrays.fill(used, false);
        for (int i = 0; i < count; i++) {
            long amount = lines.minor(order[i]);
            int t = lines.tax(order[i]);
            base[t] = used[t] ? MinorUnits.plus(base[t], amount) : amount;
            used[t] = true;
            net = MinorUnits.plus(net, amount);
            if (base[t] == MinorUnits.OVERFLOW || net == MinorUnits.OVERFLOW) {
                return false;
            }
        }
        long totalTax = 0;
        for (int t = 0; t < used.length; t++) {
            if (used[t]) {
                tax[t] = layout.tax(t, base[t], digits);
                totalTax = MinorUnits.plus(totalTax, tax[t]);
                if (tax[t] == MinorUnits.OVERFLOW || totalTax == MinorUnits.OVERFLOW) {
                    return false;
                }
                if (tax[t] != 0 && layout.payableFields[t] == null) {
                    return false; // JournalEntryBuilder says what is wrong with such a rule
                }
            }
        }
        long gross = MinorUnits.plus(net, totalTax);
        if (gross == MinorUnits.OVERFLOW) {
            return false;
        }
        int start = out.length();
        int currency = layout.currencyIndex(invoice.currency);
        Entry entry = new Entry(out, invoice, digits, currency);
        if (gross != 0) {
            entry.row(layout.receivableField, null, gross, true, -1);
        }
        for (int i = 0; i < count; i++) {
            long amount = lines.minor(order[i]);
            if (amount != 0) {
                int line = order[i];
                entry.row(layout.accountFields[lines.account(line)], layout.taxFields[lines.tax(line)], amount, false,
                        lines.billingId(line));
            }
        }
        for (int t = 0; t < used.length; t++) {
            if (used[t] && tax[t] != 0) {
                entry.row(layout.payableFields[t], layout.taxFields[t], tax[t], false, -1);
            }
        }
        if (entry.debit == MinorUnits.OVERFLOW || entry.credit == MinorUnits.OVERFLOW) {
            out.truncate(start);
            return false;
        }
        if (entry.debit != entry.credit) {
            throw new InvariantViolationException("entry " + layout.date + ":" + invoice.invoiceId
                    + " does not balance: debits " + entry.debit + ", credits " + entry.credit + " minor units");
        }
        tally.add(currency, Tally.ACCEPTED, net);
        tally.add(currency, Tally.REVENUE, entry.revenue);
        tally.add(currency, Tally.DEBIT, entry.debit);
        tally.add(currency, Tally.CREDIT, entry.credit);
        tally.linesPosted += count;
        tally.invoicesPosted++;
        if (entry.lineNo > 0) {
            tally.entries++;
            tally.journalLines += entry.lineNo;
        }
        return true;
    }

    /** The invoice's lines into {@link #order}, by billing id (stable); their count, or -1 for an amount past long. */
    private int sortedLines(Invoice invoice) {
        if (order.length < invoice.lineCount) {
            order = new int[Math.max(invoice.lineCount, order.length * 2)];
        }
        int count = 0;
        for (int line = invoice.firstLine; line != AcceptedLines.NONE; line = lines.next(line)) {
            if (lines.minor(line) == MinorUnits.OVERFLOW) {
                return -1;
            }
            order[count++] = line;
        }
        if (count <= INSERTION_SORT_LINES_MAX) {
            for (int i = 1; i < count; i++) {
                int line = order[i];
                int j = i - 1;
                while (j >= 0 && billingIds.compare(lines.billingId(order[j]), lines.billingId(line)) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = line;
            }
        } else {
            // TimSort is stable, as JournalEntryBuilder's List.sort is.
            Integer[] boxed = new Integer[count];
            for (int i = 0; i < count; i++) {
                boxed[i] = order[i];
            }
            Arrays.sort(boxed, (a, b) -> billingIds.compare(lines.billingId(a), lines.billingId(b)));
            for (int i = 0; i < count; i++) {
                order[i] = boxed[i];
            }
        }
        return count;
    }

    /** One entry's rows as they are written, with its line numbers and control sums. */
    private final class Entry {
        private final Utf8Rows out;
        private final int digits;
        /**
         * What every row of the entry holds, as bytes once per entry: {@code date:invoice,date,invoice,}
         * before the line number, {@code ,site,} after the account, {@code currency,} after the
         * amounts. The invoice id and site are ASCII: they passed the input's id patterns.
         */
        private final byte[] prefix;
        private final byte[] siteField;
        private final byte[] currencyField;
        int lineNo;
        long debit;
        long credit;
        long revenue;

        Entry(Utf8Rows out, Invoice invoice, int digits, int currency) {
            this.out = out;
            this.digits = digits;
            byte[] invoiceId = invoice.invoiceId.getBytes(StandardCharsets.UTF_8);
            this.prefix = concat(layout.dateColon, invoiceId, layout.commaDateComma, invoiceId, COMMA);
            this.siteField = concat(COMMA, invoice.siteCode.getBytes(StandardCharsets.UTF_8), COMMA);
            this.currencyField = layout.currencyCodes[currency];
        }

        /**
         * One row: {@code amount} (signed, not zero) in the debit column when its sign says so
         * ({@code debitWhenPositive} for the receivable line, credit when positive otherwise).
         */
        void row(byte[] accountField, byte[] taxField, long amount, boolean debitWhenPositive, int billingId) {
            boolean debitSide = (amount > 0) == debitWhenPositive;
            long abs = Math.abs(amount);
            lineNo++;
            if (debitSide) {
                debit = MinorUnits.plus(debit, abs);
            } else {
                credit = MinorUnits.plus(credit, abs);
            }
            if (billingId >= 0) {
                revenue = MinorUnits.plus(revenue, debitSide ? -abs : abs);
            }
            out.append(prefix);
            out.append(lineNo);
            out.append(accountField);
            out.append(siteField);
            if (taxField != null) {
                out.append(taxField);
            }
            out.append(',');
            if (!debitSide) {
                out.append(',');
            }
            out.appendAmount(abs, digits);
            out.append(',');
            if (debitSide) {
                out.append(',');
            }
            out.append(currencyField);
            if (billingId >= 0) {
                out.appendAsciiId(billingIds, billingId);
            }
            out.append('\n');
        }
    }

    private static final byte[] COMMA = {','};

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
