package io.ledgerflow.core.journal;

import static io.ledgerflow.core.billing.Column.BILLING_ID;
import static io.ledgerflow.core.billing.Column.BILLING_TYPE;
import static io.ledgerflow.core.billing.Column.BUSINESS_DATE;
import static io.ledgerflow.core.billing.Column.CURRENCY;
import static io.ledgerflow.core.billing.Column.CUSTOMER_CODE;
import static io.ledgerflow.core.billing.Column.INVOICE_ID;
import static io.ledgerflow.core.billing.Column.QUANTITY;
import static io.ledgerflow.core.billing.Column.SITE_CODE;
import static io.ledgerflow.core.billing.Column.TAX_CODE;
import static io.ledgerflow.core.billing.Column.UNIT_PRICE;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.billing.BillingHeader;
import io.ledgerflow.core.billing.BillingRecordSink;
import io.ledgerflow.core.billing.BillingRow;
import io.ledgerflow.core.billing.Column;
import io.ledgerflow.core.billing.LineChecks;
import io.ledgerflow.core.billing.Reject;
import io.ledgerflow.core.billing.RejectReason;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import java.math.RoundingMode;
import io.ledgerflow.core.partition.Partition;
import io.ledgerflow.core.partition.PartitionRow;
import io.ledgerflow.core.rules.NoRuleSetException;
import io.ledgerflow.core.rules.RuleSet;
import io.ledgerflow.core.rules.Rules;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the billing lines of one business date into a {@link JournalRun}: each line is checked in
 * DESIGN's order and either joins its invoice or is quarantined with the first reason that applies;
 * an invoice with a quarantined line is quarantined whole (tax is per invoice). Lines may come in
 * any order; nothing is posted until {@link #finish()}.
 *
 * <p>A line is handled in two steps: a {@link LineJudge} reads what depends on the line alone
 * (checks 1-6, the amount), on the thread that parsed it when the reader has such threads; then
 * {@link #accept(long, Verdict, Boolean)}, in file order on one thread, applies what
 * depends on the lines before it (duplicates, invoices).
 */
public final class Journalizer implements BillingRecordSink<Journalizer.Verdict> {

    private final Rules rules;
    private final RuleSet ruleSet;
    private final RuleIndex index;
    private final LocalDate businessDate;
    private final String businessDateText;
    private final BillingHeader header;

    private final Map<String, Invoice> invoices = new HashMap<>();
    /** The invoices as first met: a day's file usually lists them in id order, which the sort then finds. */
    private final List<Invoice> invoicesInFileOrder = new ArrayList<>();
    /** Billing ids: every claimed id of a whole day's file (the duplicate rule), and the accepted lines' ids. */
    private final IdBuffer billingIds = new IdBuffer();
    private final AcceptedLines lines = new AcceptedLines();
    private final List<Reject> rejects = new ArrayList<>();
    /** The "read" amount per currency index, in minor units; a sum past long's range moves to {@link #readLarge}. */
    private final long[] readMinor;
    private final BigDecimal[] readLarge;
    private final boolean[] readSeen;
    /** Where the header puts each column this class reads, and every required column. */
    private final int billingIdAt;
    private final int invoiceIdAt;
    private final int businessDateAt;
    private final int siteCodeAt;
    private final int customerCodeAt;
    private final int billingTypeAt;
    private final int taxCodeAt;
    private final int quantityAt;
    private final int unitPriceAt;
    private final int currencyAt;
    private final int[] requiredAt;
    /** Judges lines handed in one by one ({@link #accept(BillingRow)}), on the calling thread. */
    private LineJudge ownJudge;
    /** The invoice of the last valid invoice id met (see {@link #invoice}). */
    private Invoice lastInvoice;
    private long linesRead;

    public Journalizer(Rules rules, LocalDate businessDate, BillingHeader header) {
        this.rules = rules;
        this.ruleSet = rules.ruleSetFor(businessDate).orElseThrow(() -> new NoRuleSetException(businessDate, rules));
        this.index = new RuleIndex(rules, ruleSet);
        this.businessDate = businessDate;
        this.businessDateText = businessDate.toString();
        this.header = header;
        this.readMinor = new long[index.currencies.length];
        this.readLarge = new BigDecimal[index.currencies.length];
        this.readSeen = new boolean[index.currencies.length];
        this.billingIdAt = header.position(BILLING_ID);
        this.invoiceIdAt = header.position(INVOICE_ID);
        this.businessDateAt = header.position(BUSINESS_DATE);
        this.siteCodeAt = header.position(SITE_CODE);
        this.customerCodeAt = header.position(CUSTOMER_CODE);
        this.billingTypeAt = header.position(BILLING_TYPE);
        this.taxCodeAt = header.position(TAX_CODE);
        this.quantityAt = header.position(QUANTITY);
        this.unitPriceAt = header.position(UNIT_PRICE);
        this.currencyAt = header.position(CURRENCY);
        this.requiredAt = Arrays.stream(Column.values()).filter(Column::required).mapToInt(header::position).toArray();
    }

    /** Journalizes a partition of the day's file (see {@code DayPartitioner}). */
    public static JournalRun journalize(Rules rules, LocalDate businessDate, Partition partition) {
        Journalizer journalizer = new Journalizer(rules, businessDate,
                BillingHeader.parse("partition " + partition.index(), partition.header()));
        for (PartitionRow row : partition.rows()) {
            journalizer.accept(new BillingRow(row.lineNumber(), row.fields()), row.duplicateBillingId());
        }
        return journalizer.finish();
    }

    /** Reads every line of {@code reader} (lines judged on its parsing threads) and finishes the run. */
    public static JournalRun journalize(Rules rules, LocalDate businessDate, BillingCsvReader reader) {
        return reader.readAll(() -> new Journalizer(rules, businessDate, reader.header())).finish();
    }

    @Override
    public Function<String[], Verdict> newJudge() {
        return new LineJudge();
    }

    @Override
    public void accept(long lineNumber, Verdict verdict) {
        accept(lineNumber, verdict, null);
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** Judges a line of a whole day's file, in file order. */
    public void accept(BillingRow row) {
        accept(row, null);
    }

    /**
     * Judges a line of a partition of the day's file, whose duplicate check was settled over the
     * whole file (see {@code DayPartitioner}); its line number is the one in the day's file.
     */
    public void accept(BillingRow row, boolean duplicateOfEarlierRow) {
        accept(row, Boolean.valueOf(duplicateOfEarlierRow));
    }

    private void accept(BillingRow row, Boolean knownDuplicate) {
        if (ownJudge == null) {
            ownJudge = new LineJudge();
        }
        accept(row.lineNumber(), ownJudge.apply(row.fields()), knownDuplicate);
    }

    /** Applies what depends on the lines before this one (duplicates, invoices) to a judged line. */
    private void accept(long lineNumber, Verdict verdict, Boolean knownDuplicate) {
        linesRead++;
        if (verdict.malformed) {
            rejects.add(new Reject(lineNumber, "", "", RejectReason.MALFORMED_ROW, null));
            return;
        }
        String billingId = verdict.billingId;
        String invoiceId = verdict.invoiceId;
        if (verdict.hasAmount) {
            addRead(verdict);
        }
        RejectReason reason = verdict.fault;
        // Every row that is not malformed claims its billing_id, whatever becomes of it.
        int billingIdIndex = -1;
        boolean duplicate;
        if (knownDuplicate != null) {
            duplicate = knownDuplicate;
        } else if (billingId.isEmpty()) {
            duplicate = false;
        } else {
            billingIdIndex = billingIds.addIfAbsent(billingId);
            duplicate = billingIdIndex < 0;
        }
        if (reason == null && duplicate) {
            reason = RejectReason.DUPLICATE_BILLING_ID;
        }
        // A valid invoice id makes the invoice known, whatever else is wrong with the line.
        Invoice invoice = verdict.invoiceKnown ? invoice(invoiceId) : null;
        if (reason == null) {
            reason = join(invoice, lineNumber, billingId, billingIdIndex, verdict);
        }
        if (reason != null) {
            rejects.add(new Reject(lineNumber, billingId, invoiceId, reason, amountAsMoney(verdict)));
            if (invoice != null) {
                invoice.hasRejectedLine = true;
            }
        }
    }

    /**
     * The invoice of a valid id, made when first met. A day's file usually lists an invoice's lines
     * one after the other, so the last line's invoice is tried first: comparing the ids costs less
     * than hashing the new id string for the map.
     */
    private Invoice invoice(String invoiceId) {
        if (lastInvoice != null && lastInvoice.invoiceId.equals(invoiceId)) {
            return lastInvoice;
        }
        // get, then put: computeIfAbsent would take a new bound method reference per call
        Invoice invoice = invoices.get(invoiceId);
        if (invoice == null) {
            invoice = new Invoice(invoiceId);
            invoices.put(invoiceId, invoice);
            invoicesInFileOrder.add(invoice);
        }
        lastInvoice = invoice;
        return invoice;
    }

    /** Adds a line that passed checks 1-7 to its invoice, or says why it is inconsistent with it. */
    private RejectReason join(Invoice invoice, long lineNumber, String billingId, int billingIdIndex, Verdict verdict) {
        String customer = verdict.customerCode;
        String site = verdict.siteCode;
        CurrencyUnit currency = index.currencies[verdict.currencyIndex];
        if (!invoice.hasHeader()) {
            invoice.setHeader(customer, site, currency);
        } else if (!invoice.matches(customer, site, currency)) {
            return RejectReason.INCONSISTENT_INVOICE;
        }
        int id = billingIdIndex >= 0 ? billingIdIndex : billingIds.append(billingId);
        int line = lines.add(lineNumber, id, verdict.accountIndex, verdict.taxIndex, verdict.minor, verdict.large);
        invoice.addLine(lines, line);
        return null;
    }

    /**
     * What a {@link LineJudge} found out about one line, from that line alone, and the fields the
     * rest of the checks need. An object per line: it is handed from a parsing thread to the thread
     * that applies it. It holds those four fields, not the line's array of them: a parsing thread
     * runs up to half a file ahead, and the other fields' texts can die young meanwhile.
     */
    public static final class Verdict {
        /** The field count differs from the header's (check 1); nothing else is set then. */
        boolean malformed;
        String billingId;
        String invoiceId;
        String siteCode;
        String customerCode;
        /** The invoice id is valid: the line's invoice is known, whatever else is wrong. */
        boolean invoiceKnown;
        /** The first of checks 2-6 that the line fails, or null. */
        RejectReason fault;
        /** The currency's index in the rule index, -1 when the rules list no such currency. */
        int currencyIndex;
        int accountIndex;
        int taxIndex;
        /** True when quantity, unit price and currency are readable and in range: the line has an amount. */
        boolean hasAmount;
        /** The line amount in minor units, or {@link MinorUnits#OVERFLOW} with the amount in {@link #large}. */
        long minor;
        BigDecimal large;

        private Verdict() {}
    }

    /**
     * Checks 1-6 of DESIGN's reject order and the line amount, a function of a line's fields. One
     * per thread: it remembers each column's last text and verdict. The reader hands out the same
     * String when a column's text repeats the last line's (dates, codes, the invoice of consecutive
     * lines), so most fields are judged by comparing two references.
     */
    private final class LineJudge implements Function<String[], Verdict> {
        private final LastText invoiceIdValid = new LastText(id -> LineChecks.isId(id, LineChecks.INVOICE_ID_CHARS_MAX) ? 1 : 0);
        private final LastText siteCodeValid = new LastText(id -> LineChecks.isId(id, LineChecks.SITE_CODE_CHARS_MAX) ? 1 : 0);
        private final LastText customerCodeValid =
                new LastText(id -> LineChecks.isId(id, LineChecks.CUSTOMER_CODE_CHARS_MAX) ? 1 : 0);
        private final LastText quantityOf = new LastText(LineChecks::quantityValue);
        private final LastText unitPriceOf = new LastText(LineChecks::unitPriceValue);
        private final LastText accountOf = new LastText(index::account);
        private final LastText taxOf = new LastText(index::tax);
        private final LastText currencyOf = new LastText(index::currency);

        @Override
        public Verdict apply(String[] fields) {
            Verdict verdict = new Verdict();
            if (fields.length != header.fieldCount()) {
                verdict.malformed = true;
                return verdict;
            }
            verdict.billingId = fields[billingIdAt];
            verdict.invoiceId = fields[invoiceIdAt];
            verdict.siteCode = fields[siteCodeAt];
            verdict.customerCode = fields[customerCodeAt];
            verdict.invoiceKnown = invoiceIdValid.get(verdict.invoiceId) != 0;
            long quantity = quantityOf.get(fields[quantityAt]);
            long unitPrice = unitPriceOf.get(fields[unitPriceAt]);
            verdict.currencyIndex = (int) currencyOf.get(fields[currencyAt]);
            amount(verdict, quantity, unitPrice);
            verdict.fault = firstLineFault(fields, verdict, quantity, unitPrice);
            // The reading thread hashes the billing id (duplicates) and the invoice id (its map);
            // String caches its hash, so that is done here, off the one thread that reads in order.
            verdict.billingId.hashCode();
            verdict.invoiceId.hashCode();
            return verdict;
        }

        /** Checks 2-6 of DESIGN's reject order; null when the line passes them. Sets the account and tax indexes. */
        private RejectReason firstLineFault(String[] fields, Verdict verdict, long quantity, long unitPrice) {
            for (int position : requiredAt) {
                if (fields[position].isEmpty()) {
                    return RejectReason.MISSING_FIELD;
                }
            }
            if (!LineChecks.isId(fields[billingIdAt], LineChecks.BILLING_ID_CHARS_MAX)
                    || !verdict.invoiceKnown
                    || siteCodeValid.get(fields[siteCodeAt]) == 0
                    || customerCodeValid.get(fields[customerCodeAt]) == 0) {
                return RejectReason.INVALID_FIELD;
            }
            String date = fields[businessDateAt];
            if (!date.equals(businessDateText)) {
                return LineChecks.parseDate(date) == null ? RejectReason.INVALID_DATE : RejectReason.WRONG_BUSINESS_DATE;
            }
            if (quantity == LineChecks.NOT_A_QUANTITY || quantity == 0) {
                return RejectReason.INVALID_QUANTITY;
            }
            if (unitPrice == LineChecks.NOT_A_UNIT_PRICE) {
                return RejectReason.INVALID_UNIT_PRICE;
            }
            if (!LineChecks.quantityInRange(quantity) || unitPrice == LineChecks.UNIT_PRICE_OUT_OF_RANGE) {
                return RejectReason.AMOUNT_OUT_OF_RANGE;
            }
            if (verdict.currencyIndex < 0) {
                return RejectReason.UNKNOWN_CURRENCY;
            }
            verdict.accountIndex = (int) accountOf.get(fields[billingTypeAt]);
            if (verdict.accountIndex < 0) {
                return RejectReason.UNKNOWN_BILLING_TYPE;
            }
            verdict.taxIndex = (int) taxOf.get(fields[taxCodeAt]);
            if (verdict.taxIndex < 0) {
                return RejectReason.UNKNOWN_TAX_CODE;
            }
            return null;
        }
    }

    /**
     * Sets a line's {@code line_amount} when quantity, unit price and currency are readable and in
     * range, whatever else is wrong with the line (tallied as the run's "read" amount): in minor
     * units, or, when that does not fit a long ({@link MinorUnits#OVERFLOW}), as {@code large}.
     */
    private void amount(Verdict verdict, long quantity, long unitPrice) {
        verdict.hasAmount = verdict.currencyIndex >= 0 && quantity != LineChecks.NOT_A_QUANTITY && quantity != 0
                && LineChecks.quantityInRange(quantity) && unitPrice >= 0;
        if (!verdict.hasAmount) {
            return;
        }
        RoundingMode rounding = rules.lineRounding();
        int digits = index.currencies[verdict.currencyIndex].minorDigits();
        long unscaled = LineChecks.unitPriceUnscaled(unitPrice);
        int scale = LineChecks.unitPriceScale(unitPrice);
        verdict.minor = MinorUnits.lineAmount(quantity, unscaled, scale, digits, rounding);
        verdict.large = verdict.minor == MinorUnits.OVERFLOW
                ? BigDecimal.valueOf(quantity).multiply(BigDecimal.valueOf(unscaled, scale)).setScale(digits, rounding)
                : null;
    }

    /** The amount of a judged line as {@link Money}, or null when it could not be read. */
    private Money amountAsMoney(Verdict verdict) {
        if (!verdict.hasAmount) {
            return null;
        }
        CurrencyUnit currency = index.currencies[verdict.currencyIndex];
        return Money.of(currency, verdict.minor == MinorUnits.OVERFLOW
                ? verdict.large : MinorUnits.toDecimal(verdict.minor, currency.minorDigits()));
    }

    private void addRead(Verdict verdict) {
        int currency = verdict.currencyIndex;
        readSeen[currency] = true;
        long sum = MinorUnits.plus(readMinor[currency], verdict.minor);
        if (sum != MinorUnits.OVERFLOW) {
            readMinor[currency] = sum;
            return;
        }
        // Past long's range (never for real days): carry on exactly in BigDecimal.
        int digits = index.currencies[currency].minorDigits();
        BigDecimal carried = readLarge[currency] == null ? BigDecimal.ZERO.setScale(digits) : readLarge[currency];
        readLarge[currency] = carried.add(MinorUnits.toDecimal(readMinor[currency], digits)).add(amountAsMoney(verdict).amount());
        readMinor[currency] = 0;
    }

    /**
     * A pure function of a field's text, remembered for the last String it was asked about: the
     * same String again (the reader reuses a column's String when its text repeats) is answered
     * without reading its characters. One per column of one {@link LineJudge}.
     */
    private static final class LastText {
        private final java.util.function.ToLongFunction<String> function;
        private String text;
        private long value;

        LastText(java.util.function.ToLongFunction<String> function) {
            this.function = function;
        }

        long get(String field) {
            if (field != text) { // a reference comparison on purpose: equal text in another String is recomputed
                value = function.applyAsLong(field);
                text = field;
            }
            return value;
        }
    }

    /** Ends reading: quarantines every line of an invoice that has a rejected line. */
    public JournalRun finish() {
        List<Invoice> posted = new ArrayList<>(invoices.size());
        long invoicesQuarantined = 0;
        for (Invoice invoice : invoicesInFileOrder) {
            if (invoice.hasRejectedLine) {
                invoicesQuarantined++;
                int digits = invoice.currency == null ? 0 : invoice.currency.minorDigits();
                for (int line = invoice.firstLine; line != AcceptedLines.NONE; line = lines.next(line)) {
                    rejects.add(new Reject(lines.lineNumber(line), billingIds.get(lines.billingId(line)), invoice.invoiceId,
                            RejectReason.INVOICE_HAS_REJECTED_LINE, Money.of(invoice.currency, lines.decimal(line, digits))));
                }
            } else if (invoice.lineCount > 0) {
                posted.add(invoice);
            }
        }
        return new JournalRun(rules, ruleSet, index, businessDate, linesRead, posted, lines, billingIds,
                invoicesQuarantined, rejects, readAmounts());
    }

    private Map<CurrencyUnit, BigDecimal> readAmounts() {
        Map<CurrencyUnit, BigDecimal> amounts = new HashMap<>();
        for (int i = 0; i < readSeen.length; i++) {
            if (readSeen[i]) {
                int digits = index.currencies[i].minorDigits();
                BigDecimal sum = MinorUnits.toDecimal(readMinor[i], digits);
                amounts.put(index.currencies[i], readLarge[i] == null ? sum : readLarge[i].add(sum));
            }
        }
        return amounts;
    }
}
