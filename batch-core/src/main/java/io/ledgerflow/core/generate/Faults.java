package io.ledgerflow.core.generate;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Turns a good billing line into a bad one, of one of the kinds DESIGN's reject reasons name. */
final class Faults {

    private static final int KINDS = 13;

    private Faults() {}

    /** Field order as {@link BillingGenerator#HEADER}. */
    static String[] corrupt(String[] good, SplittableRandom random, List<String> earlierBillingIds, String date) {
        String[] f = good.clone();
        switch (random.nextInt(KINDS)) {
            case 0 -> f = Arrays.copyOf(f, f.length - 1 - random.nextInt(3)); // MALFORMED_ROW
            case 1 -> f[4] = ""; // MISSING_FIELD: customer_code
            case 2 -> f[3] = f[3] + "/X"; // INVALID_FIELD: site_code breaks its pattern
            case 3 -> f[2] = date.substring(0, 8) + "32"; // INVALID_DATE
            case 4 -> f[2] = "2020-01-01"; // WRONG_BUSINESS_DATE
            case 5 -> f[7] = random.nextBoolean() ? "0" : "1.5"; // INVALID_QUANTITY
            case 6 -> f[8] = f[8] + "5555"; // INVALID_UNIT_PRICE (too many fraction digits)
            case 7 -> f[7] = "2000000000"; // AMOUNT_OUT_OF_RANGE
            case 8 -> f[9] = "EUR"; // UNKNOWN_CURRENCY
            case 9 -> f[5] = "DEMURRAGE"; // UNKNOWN_BILLING_TYPE
            case 10 -> f[6] = "S5"; // UNKNOWN_TAX_CODE
            case 11 -> f[0] = earlierBillingIds.get(random.nextInt(earlierBillingIds.size())); // DUPLICATE_BILLING_ID
            default -> f[4] = "C99999"; // INCONSISTENT_INVOICE (when not the invoice's first line)
        }
        return f;
    }
}
