package io.ledgerflow.core.journal;

import io.ledgerflow.core.csv.CsvText;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.TaxCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
        final String dateColon;
        final String commaDateComma;
        final String receivableField;
        final String[] accountFields;
        final String[] taxFields;
        final String[] payableFields;
        final long[] rateUnscaled;
        final int[] rateScale;
        final boolean[] rateFitsLong;
        final RoundingMode taxRounding;
        final CurrencyUnit[] currencies;
        /**
         * True when every text of the rules that a row can hold (accounts, tax codes, currency
         * codes) is ASCII: the rest of a row is ASCII anyway (ids that passed the input's
         * patterns, the date, numbers), so the rows are, and can be encoded without a scan.
         */
        final boolean ascii;

        Layout(Rules rules, RuleIndex index, LocalDate businessDate) {
            String date = businessDate.toString();
            dateColon = date + ":";
            commaDateComma = "," + date + ",";
            receivableField = field(rules.receivableAccount());
            accountFields = Arrays.stream(index.accounts).map(Layout::field).toArray(String[]::new);
            taxFields = Arrays.stream(index.taxCodeText).map(Layout::field).toArray(String[]::new);
            int taxCount = index.taxCodes.length;
            payableFields = new String[taxCount];
            rateUnscaled = new long[taxCount];
            rateScale = new int[taxCount];
            rateFitsLong = new boolean[taxCount];
            for (int t = 0; t < taxCount; t++) {
                TaxCode code = index.taxCodes[t];
                // A zero-rated code may have no payable account; it never makes a tax line.
                payableFields[t] = code.payableAccount() == null ? null : field(code.payableAccount());
                BigDecimal rate = code.rate();
                rateFitsLong[t] = rate.unscaledValue().bitLength() < Long.SIZE;
                rateUnscaled[t] = rateFitsLong[t] ? rate.unscaledValue().longValue() : 0;
                rateScale[t] = rate.scale();
            }
            taxRounding = rules.taxRounding();
            currencies = index.currencies;
            StringBuilder texts = new StringBuilder(dateColon).append(commaDateComma).append(receivableField);
            Arrays.stream(accountFields).forEach(texts::append);
            Arrays.stream(taxFields).forEach(texts::append);
            Arrays.stream(payableFields).filter(java.util.Objects::nonNull).forEach(texts::append);
            Arrays.stream(currencies).forEach(currency -> texts.append(currency.code()));
            ascii = texts.chars().allMatch(c -> c < 0x80);
        }

        private static String field(String value) {
            StringBuilder out = new StringBuilder(value.length() + 2);
            CsvText.appendField(out, value);
            return out.toString();
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
    boolean append(StringBuilder out, Invoice invoice, MinorTally tally) {
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
        Entry entry = new Entry(out, invoice, digits);
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
            out.setLength(start);
            return false;
        }
        if (entry.debit != entry.credit) {
            throw new InvariantViolationException("entry " + layout.dateColon + invoice.invoiceId
                    + " does not balance: debits " + entry.debit + ", credits " + entry.credit + " minor units");
        }
        int currency = layout.currencyIndex(invoice.currency);
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
        private final StringBuilder out;
        private final Invoice invoice;
        private final int digits;
        int lineNo;
        long debit;
        long credit;
        long revenue;

        Entry(StringBuilder out, Invoice invoice, int digits) {
            this.out = out;
            this.invoice = invoice;
            this.digits = digits;
        }

        /**
         * One row: {@code amount} (signed, not zero) in the debit column when its sign says so
         * ({@code debitWhenPositive} for the receivable line, credit when positive otherwise).
         */
        void row(String accountField, String taxField, long amount, boolean debitWhenPositive, int billingId) {
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
            out.append(layout.dateColon).append(invoice.invoiceId).append(layout.commaDateComma)
                    .append(invoice.invoiceId).append(',').append(lineNo).append(',').append(accountField).append(',')
                    .append(invoice.siteCode).append(',');
            if (taxField != null) {
                out.append(taxField);
            }
            out.append(',');
            if (!debitSide) {
                out.append(',');
            }
            appendAmount(out, abs, digits);
            out.append(debitSide ? ",," : ",");
            out.append(invoice.currency.code()).append(',');
            if (billingId >= 0) {
                billingIds.appendTo(out, billingId);
            }
            out.append('\n');
        }
    }

    /** A non-negative amount in minor units as a plain decimal at {@code digits} ({@code 1200}, {@code 12.30}, {@code 0.05}). */
    static void appendAmount(StringBuilder out, long minor, int digits) {
        if (digits == 0) {
            out.append(minor);
            return;
        }
        long unit = MinorUnits.powerOfTen(digits);
        out.append(minor / unit).append('.');
        long fraction = minor % unit;
        for (long place = unit / 10; place > 0; place /= 10) {
            out.append((char) ('0' + fraction / place));
            fraction %= place;
        }
    }
}
