package io.ledgerflow.core.adapters.dynamodb;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.zip.CRC32C;

/**
 * Every key the store writes, in one place. One table, string keys {@code pk} and {@code sk}:
 *
 * <pre>
 * pk                      sk                                   item
 * JE#{date}#{shard:3}     {runId}#P#{firstInvoiceId}           a page of journal entries (EntryPages)
 * JE#{date}#{shard:3}     {runId}#{invoiceId}                  one journal entry (written before pages; still read)
 * DAY#{date}              CURRENT                              the day's current-run pointer
 * DAY#{date}              RUN#{runId}                          a run record
 * DAY#{date}              SUM#{runId}#P#{page:4}               a page of a run's summary lines (SummaryPages)
 * DAY#{date}              SUM#{runId}#{ccy}#{acct}#{dept}#{tax} one summary line (written before pages; still read)
 * DAY#{date}              NOFILE                               the day's no-file mark and its history (NoFileItems)
 * PERIOD#{yyyy-MM}        PERIOD                               a month's state
 * </pre>
 *
 * The run id is in the page's sort key so a rerun writes beside the visible run, and the same
 * entries of the same run always make the same pages under the same keys (rewrites are idempotent). The shard is a
 * stable hash of the invoice id, so a day's writes spread over {@code shards} partitions.
 */
final class Keys {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String CURRENT = "CURRENT";
    static final String PERIOD = "PERIOD";
    static final String NO_FILE = "NOFILE";

    private Keys() {}

    static String entryPk(LocalDate date, int shard) {
        return "JE#" + date + "#" + String.format("%03d", shard);
    }

    static String entrySk(String runId, String invoiceId) {
        return runId + "#" + invoiceId;
    }

    /** A page of a run's entries, named by its first invoice id: one call's same entries make the same keys. */
    static String pageSk(String runId, String firstInvoiceId) {
        return runId + "#P#" + firstInvoiceId;
    }

    static String runPrefix(String runId) {
        return runId + "#";
    }

    static String dayPk(LocalDate date) {
        return "DAY#" + date;
    }

    static String runSk(String runId) {
        return "RUN#" + runId;
    }

    static String summaryPrefix(String runId) {
        return "SUM#" + runId + "#";
    }

    static String summarySk(String runId, String lineKey) {
        return summaryPrefix(runId) + lineKey;
    }

    static String periodPk(YearMonth month) {
        return "PERIOD#" + month;
    }

    /**
     * CRC-32C of the invoice id's UTF-8 bytes, mod {@code shards}: stable across JVMs and
     * releases (unlike a hash a library may change) and evenly spread for generated ids.
     */
    static int shardOf(String invoiceId, int shards) {
        CRC32C crc = new CRC32C();
        crc.update(invoiceId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }
}
