package io.ledgerflow.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvoiceTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 15, 16, 17, 100, 5_000, 16_384, 40_001})
    void sortById_ordersAsStringCompareTo_whateverTheIdsLengthsAndFileOrder(int count) {
        // given distinct ids of 1-64 pattern chars, many sharing long prefixes (past the 27 packed chars too)
        Random random = new Random(count);
        String chars = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        Set<String> ids = new LinkedHashSet<>();
        while (ids.size() < count) {
            String prefix = random.nextBoolean() ? "INV-FUK04-20261120-0000000000" : "INV-";
            StringBuilder id = new StringBuilder(prefix.substring(0, random.nextInt(prefix.length() + 1)));
            int tail = 1 + random.nextInt(8);
            for (int i = 0; i < tail && id.length() < 64; i++) {
                id.append(chars.charAt(random.nextInt(chars.length())));
            }
            ids.add(id.toString());
        }
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, random);
        Invoice[] invoices = shuffled.stream().map(Invoice::new).toArray(Invoice[]::new);

        // when sorted
        Invoice.sortById(invoices);

        // then in String order, as the comparator orders them
        List<String> expected = new ArrayList<>(ids);
        Collections.sort(expected);
        assertThat(Arrays.stream(invoices).map(invoice -> invoice.invoiceId).toList()).isEqualTo(expected);
        for (int i = 1; i < invoices.length; i++) {
            assertThat(Invoice.BY_ID.compare(invoices[i - 1], invoices[i])).isNegative();
        }
    }
}
