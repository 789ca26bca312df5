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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the billing lines of one business date into a {@link JournalRun}: each line is checked in
 * DESIGN's order and either joins its invoice or is quarantined with the first reason that applies;
 * an invoice with a quarantined line is quarantined whole (tax is per invoice). Lines may come in
 * any order; nothing is posted until {@link #finish()}.
 */
public final class Journalizer {

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
    private static final List<Column> REQUIRED = java.util.Arrays.stream(Column.values()).filter(Column::required).toList();
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

    /** Reads every line of {@code reader} and finishes the run. */
    public static JournalRun journalize(Rules rules, LocalDate businessDate, BillingCsvReader reader) {
        Journalizer journalizer = new Journalizer(rules, businessDate, reader.header());
        reader.forEach(journalizer::accept);
        return journalizer.finish();
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
        linesRead++;
        if (row.fieldCount() != header.fieldCount()) {
            rejects.add(new Reject(row.lineNumber(), "", "", RejectReason.MALFORMED_ROW, null));
            return;
        }
        String billingId = header.field(row, BILLING_ID);
        String invoiceId = header.field(row, INVOICE_ID);
        // A valid invoice id makes the invoice known, whatever else is wrong with the line.
        boolean invoiceKnown = LineChecks.isId(invoiceId, LineChecks.INVOICE_ID_CHARS_MAX);
        ParsedAmount parsed = parseAmount(row);
        if (parsed.hasAmount()) {
            addRead(parsed);
        }
        RejectReason reason = firstLineFault(row, invoiceKnown, parsed);
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
        Invoice invoice = invoiceKnown ? invoices.computeIfAbsent(invoiceId, this::newInvoice) : null;
        if (reason == null) {
            reason = join(invoice, row, billingId, billingIdIndex, parsed);
        }
        if (reason != null) {
            rejects.add(new Reject(row.lineNumber(), billingId, invoiceId, reason, parsed.money()));
            if (invoice != null) {
                invoice.hasRejectedLine = true;
            }
        }
    }

    private Invoice newInvoice(String invoiceId) {
        Invoice invoice = new Invoice(invoiceId);
        invoicesInFileOrder.add(invoice);
        return invoice;
    }

    /** Adds a line that passed checks 1-7 to its invoice, or says why it is inconsistent with it. */
    private RejectReason join(Invoice invoice, BillingRow row, String billingId, int billingIdIndex, ParsedAmount parsed) {
        String customer = header.field(row, CUSTOMER_CODE);
        String site = header.field(row, SITE_CODE);
        if (!invoice.hasHeader()) {
            invoice.setHeader(customer, site, parsed.currency());
        } else if (!invoice.matches(customer, site, parsed.currency())) {
            return RejectReason.INCONSISTENT_INVOICE;
        }
        int id = billingIdIndex >= 0 ? billingIdIndex : billingIds.append(billingId);
        int line = lines.add(row.lineNumber(), id, index.account(header.field(row, BILLING_TYPE)),
                index.tax(header.field(row, TAX_CODE)), parsed.minor(), parsed.large());
        invoice.addLine(lines, line);
        return null;
    }

    /** Checks 2-6 of DESIGN's reject order; null when the line passes them. */
    private RejectReason firstLineFault(BillingRow row, boolean invoiceIdValid, ParsedAmount parsed) {
        for (Column column : REQUIRED) {
            if (header.field(row, column).isEmpty()) {
                return RejectReason.MISSING_FIELD;
            }
        }
        if (!LineChecks.isId(header.field(row, BILLING_ID), LineChecks.BILLING_ID_CHARS_MAX)
                || !invoiceIdValid
                || !LineChecks.isId(header.field(row, SITE_CODE), LineChecks.SITE_CODE_CHARS_MAX)
                || !LineChecks.isId(header.field(row, CUSTOMER_CODE), LineChecks.CUSTOMER_CODE_CHARS_MAX)) {
            return RejectReason.INVALID_FIELD;
        }
        String date = header.field(row, BUSINESS_DATE);
        if (!date.equals(businessDateText)) {
            return LineChecks.parseDate(date) == null ? RejectReason.INVALID_DATE : RejectReason.WRONG_BUSINESS_DATE;
        }
        if (parsed.quantity() == null || parsed.quantity() == 0) {
            return RejectReason.INVALID_QUANTITY;
        }
        if (parsed.unitPrice() == null) {
            return RejectReason.INVALID_UNIT_PRICE;
        }
        if (!LineChecks.quantityInRange(parsed.quantity()) || !LineChecks.unitPriceInRange(parsed.unitPrice())) {
            return RejectReason.AMOUNT_OUT_OF_RANGE;
        }
        if (parsed.currency() == null) {
            return RejectReason.UNKNOWN_CURRENCY;
        }
        if (index.account(header.field(row, BILLING_TYPE)) < 0) {
            return RejectReason.UNKNOWN_BILLING_TYPE;
        }
        if (index.tax(header.field(row, TAX_CODE)) < 0) {
            return RejectReason.UNKNOWN_TAX_CODE;
        }
        return null;
    }

    /**
     * A line's quantity, unit price and currency as far as they can be read, and its
     * {@code line_amount} when all three are readable and in range, whatever else is wrong with
     * the line (tallied as the run's "read" amount): in minor units, or, when that does not fit a
     * long ({@link MinorUnits#OVERFLOW}), as {@code large}.
     */
    private record ParsedAmount(Long quantity, BigDecimal unitPrice, CurrencyUnit currency, boolean hasAmount,
            long minor, BigDecimal large) {

        /** The amount as {@link Money}, or null when it could not be read. */
        Money money() {
            if (!hasAmount) {
                return null;
            }
            return Money.of(currency, minor == MinorUnits.OVERFLOW ? large : MinorUnits.toDecimal(minor, currency.minorDigits()));
        }
    }

    private ParsedAmount parseAmount(BillingRow row) {
        Long quantity = LineChecks.parseQuantity(header.field(row, QUANTITY));
        BigDecimal unitPrice = LineChecks.parseUnitPrice(header.field(row, UNIT_PRICE));
        CurrencyUnit currency = rules.currency(header.field(row, CURRENCY));
        if (currency == null || quantity == null || quantity == 0 || !LineChecks.quantityInRange(quantity)
                || unitPrice == null || !LineChecks.unitPriceInRange(unitPrice)) {
            return new ParsedAmount(quantity, unitPrice, currency, false, 0, null);
        }
        RoundingMode rounding = rules.lineRounding();
        // In range, the price has at most 13 significant digits: its unscaled value fits a long.
        long minor = MinorUnits.lineAmount(quantity, unitPrice.unscaledValue().longValueExact(), unitPrice.scale(),
                currency.minorDigits(), rounding);
        BigDecimal large = minor == MinorUnits.OVERFLOW
                ? BigDecimal.valueOf(quantity).multiply(unitPrice).setScale(currency.minorDigits(), rounding)
                : null;
        return new ParsedAmount(quantity, unitPrice, currency, true, minor, large);
    }

    private void addRead(ParsedAmount parsed) {
        int currency = index.currency(parsed.currency());
        readSeen[currency] = true;
        long sum = MinorUnits.plus(readMinor[currency], parsed.minor());
        if (sum != MinorUnits.OVERFLOW) {
            readMinor[currency] = sum;
            return;
        }
        // Past long's range (never for real days): carry on exactly in BigDecimal.
        int digits = parsed.currency().minorDigits();
        BigDecimal carried = readLarge[currency] == null ? BigDecimal.ZERO.setScale(digits) : readLarge[currency];
        readLarge[currency] = carried.add(MinorUnits.toDecimal(readMinor[currency], digits)).add(parsed.money().amount());
        readMinor[currency] = 0;
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
