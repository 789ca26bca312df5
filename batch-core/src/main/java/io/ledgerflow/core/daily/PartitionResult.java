package io.ledgerflow.core.daily;

import io.ledgerflow.core.store.WrittenItem;
import io.ledgerflow.core.store.WrittenItems;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a worker reports for one partition, kept in the work bucket so that finalize can add the
 * partitions up (and a retried worker simply overwrites it). Amounts are plain decimal strings.
 *
 * @param summary the store's summary of the entries it wrote ({@link WrittenItems#summary})
 * @param written the items the store wrote for the partition ({@link WrittenItems#items}), which the
 *     publish compares with what is stored
 */
public record PartitionResult(
        String partition,
        long linesRead,
        long linesPosted,
        long linesQuarantined,
        long entries,
        List<Amounts> currencies,
        List<Summary> summary,
        String rejectsKey,
        List<WrittenItem> written) {

    /** One currency's read, posted, quarantined line amounts and journal debit and credit. */
    public record Amounts(String currency, BigDecimal read, BigDecimal posted, BigDecimal quarantined,
            BigDecimal debit, BigDecimal credit) {}

    /** A summary line: gross debit and credit per (account, department, tax code, currency). */
    public record Summary(String account, String department, String taxCode, String currency, BigDecimal debit,
            BigDecimal credit) {}
}
