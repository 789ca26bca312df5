package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.close.ReconciliationException;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.store.RunIncompleteException;
import io.ledgerflow.core.store.StoredJournalCheck;
import io.ledgerflow.core.store.SummaryLine;
import io.ledgerflow.core.store.WrittenItems;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the monthly close detects without decoding a day's entries (README-store.md, "What the close
 * checks"): items of the day's current run deleted, altered (with or without their digest rewritten)
 * or added after the publish, and an altered summary; what the publish refuses: stored items that
 * are not the writers' receipts, and a summary that is not theirs. Against DynamoDB Local, tampering
 * with the table directly as an operator with write access could.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class StoredJournalTamperTests {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static final String RUN = "daily-2026-11-20";
    static Day day;

    @TempDir
    Path objects;

    DynamoDbClient client;
    String table;
    DynamoDbJournalStore store;
    MonthClose close;

    @BeforeAll
    static void journalize() {
        day = TestDays.generate(DATE, 300, 41);
    }

    @BeforeEach
    void fresh(LocalDynamoDb dynamo) {
        client = dynamo.client();
        table = dynamo.freshTable();
        store = Stores.store(client, table);
        close = new MonthClose(store, new Attestations(new FileSystemObjectStore(objects), "ledgerflow-config"), () -> {
            throw new AssertionError("reconciling never touches the ledger database");
        });
    }

    /** Publishes the day as the finalize step does: with the writer's receipt. */
    private WrittenItems publish(String runId) {
        store.beginRun(Stores.daily(runId, DATE));
        WrittenItems written = store.writeEntries(DATE, runId, day.entries());
        store.publishRun(DATE, runId, day.completion(), written.summary(), written);
        return written;
    }

    private List<Map<String, AttributeValue>> pages(String runId) {
        List<Map<String, AttributeValue>> pages = new ArrayList<>(Stores.scan(client, table, EntryPages.TYPE_PAGE, runId));
        pages.sort(Comparator.comparing(p -> p.get(Keys.SK).s()));
        return pages;
    }

    private void put(Map<String, AttributeValue> item) {
        client.putItem(r -> r.tableName(table).item(item));
    }

    /** The page with its first entry moved to another department: still balanced, same count and bounds. */
    private static Map<String, AttributeValue> withFirstEntryMoved(Map<String, AttributeValue> page) {
        List<JournalEntry> entries = new ArrayList<>(EntryPages.entriesOf(page));
        JournalEntry first = entries.get(0);
        entries.set(0, new JournalEntry(first.entryId(), first.businessDate(), first.invoiceId(), "ZZZ99",
                first.currency(), first.ruleSetEffectiveFrom(), first.lines()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (JournalEntry entry : entries) {
            body.write(body.size() == 0 ? '[' : ',');
            body.writeBytes(EntryPages.encode(entry));
        }
        body.write(']');
        Map<String, AttributeValue> altered = new HashMap<>(page);
        altered.put(EntryPages.BODY, AttributeValue.fromB(SdkBytes.fromByteArray(EntryPages.gzip(body.toByteArray()))));
        return altered;
    }

    @Test
    void checkStoredJournal_findsAPublishedDayAsPublished_byItsItemsAndSummary() {
        WrittenItems written = publish(RUN);

        StoredJournalCheck check = store.checkStoredJournal(DATE).orElseThrow();
        MonthClose.DayReconciled reconciled = close.reconcileDay(DATE);

        assertThat(check.items()).isEqualTo(written.items().size()).isEqualTo(pages(RUN).size());
        assertThat(check.entries()).isEqualTo(day.entries().size());
        assertThat(check.summary()).isEqualTo(day.summary());
        assertThat(reconciled.entries()).isEqualTo(day.entries().size());
        assertThat(reconciled.summaryLines()).isEqualTo(day.summary().size());
    }

    @Test
    void reconcileDay_fails_whenAnEntryPageWasDeletedAfterPublish() {
        publish(RUN);
        Map<String, AttributeValue> page = pages(RUN).get(3);
        String shard = page.get(Keys.PK).s().substring(page.get(Keys.PK).s().lastIndexOf('#') + 1);
        client.deleteItem(r -> r.tableName(table).key(Map.of(Keys.PK, page.get(Keys.PK), Keys.SK, page.get(Keys.SK))));

        assertThatThrownBy(() -> close.reconcileDay(DATE))
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("2026-11-20 (run daily-2026-11-20) does not reconcile")
                .hasMessageContaining("changed after it was published")
                .hasMessageContaining("shard " + shard + " holds")
                .hasMessageContaining("the run recorded " + day.entries().size() + " entries, its items hold "
                        + (day.entries().size() - EntryPages.countOf(page)));
    }

    @Test
    void reconcileDay_fails_whenAPageBodyWasAltered_withItsDigestLeftOrRewritten() {
        publish(RUN);
        Map<String, AttributeValue> page = pages(RUN).get(1);
        Map<String, AttributeValue> altered = withFirstEntryMoved(page);
        put(altered);

        assertThatThrownBy(() -> close.reconcileDay(DATE))
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("item " + page.get(Keys.SK).s() + ": its stored bytes no longer match the digest")
                .hasMessageContaining("at publish");

        // Whoever also rewrites the page's own digest still changes its shard's digest recorded at publish.
        altered.put(ItemDigest.ATTRIBUTE, AttributeValue.fromS(ItemDigest.of(altered)));
        put(altered);
        assertThatThrownBy(() -> close.reconcileDay(DATE))
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("changed after it was published")
                .hasMessageNotContaining("no longer match the digest")
                .hasMessageContaining("; at publish " + pages(RUN).stream()
                        .filter(p -> p.get(Keys.PK).equals(page.get(Keys.PK))).count() + " items");
    }

    @Test
    void reconcileDay_ignoresAnOrphanPageOfADeadRun_butNotOneCopiedIntoTheCurrentRun() {
        publish(RUN);
        String dead = "rerun-2026-11-20-1";
        store.beginRun(Stores.rerun(dead, DATE));
        store.writeEntries(DATE, dead, day.entries().subList(0, 40));
        store.failRun(DATE, dead, "a worker crashed"); // its pages stay until a sweep: orphans beside the day's run

        assertThat(pages(dead)).isNotEmpty();
        assertThat(close.reconcileDay(DATE).entries()).isEqualTo(day.entries().size());

        Map<String, AttributeValue> orphan = new HashMap<>(pages(dead).get(0));
        orphan.put(Keys.SK, AttributeValue.fromS(Keys.pageSk(RUN, "zz-" + orphan.get("firstInvoiceId").s())));
        orphan.put("runId", AttributeValue.fromS(RUN));
        orphan.put(ItemDigest.ATTRIBUTE, AttributeValue.fromS(ItemDigest.of(orphan)));
        put(orphan);

        assertThatThrownBy(() -> close.reconcileDay(DATE))
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("changed after it was published")
                .hasMessageContaining("its items hold " + (day.entries().size() + EntryPages.countOf(orphan)));
    }

    @Test
    void reconcileDay_fails_whenTheSummaryWasAlteredAfterPublish() {
        publish(RUN);
        // One line moved to another account: the totals still equal the run's control totals.
        List<SummaryLine> tampered = lastLineMovedTo9999(day.summary());
        SummaryPages.toItems(DATE, RUN, tampered).forEach(this::put);

        assertThatThrownBy(() -> close.reconcileDay(DATE))
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("the stored summary (" + tampered.size() + " lines")
                .hasMessageContaining("is not the one published");
    }

    @Test
    void publish_refusesStoredItemsThatAreNotTheWritersReceipts_evenWithTheSameCount() {
        store.beginRun(Stores.daily(RUN, DATE));
        WrittenItems written = store.writeEntries(DATE, RUN, day.entries());
        Map<String, AttributeValue> page = pages(RUN).get(2);
        Map<String, AttributeValue> altered = withFirstEntryMoved(page);
        altered.put(ItemDigest.ATTRIBUTE, AttributeValue.fromS(ItemDigest.of(altered)));
        put(altered);

        assertThatThrownBy(() -> store.publishRun(DATE, RUN, day.completion(), written.summary(), written))
                .isInstanceOf(RunIncompleteException.class)
                .hasMessageContaining("run daily-2026-11-20 for 2026-11-20 not published")
                .hasMessageContaining(page.get(Keys.SK).s() + " is stored with " + EntryPages.countOf(page) + " entries")
                .hasMessageContaining("its writer reported " + EntryPages.countOf(page) + " entries");
        assertThat(store.currentRun(DATE)).isEmpty();
    }

    @Test
    void publish_refusesASummaryThatIsNotTheReceiptsSummary() {
        store.beginRun(Stores.daily(RUN, DATE));
        WrittenItems written = store.writeEntries(DATE, RUN, day.entries());
        List<SummaryLine> tampered = new ArrayList<>(written.summary());
        SummaryLine moved = tampered.remove(0);
        tampered.add(new SummaryLine("9999", moved.department(), moved.taxCode(), moved.currency(), moved.debit(),
                moved.credit()));

        assertThatThrownBy(() -> store.publishRun(DATE, RUN, day.completion(), tampered, written))
                .isInstanceOf(RunIncompleteException.class)
                .hasMessageContaining("account 9999 department " + moved.department())
                .hasMessageContaining("account " + moved.account() + " department " + moved.department());
        assertThat(store.currentRun(DATE)).isEmpty();
    }

    @Test
    void reconcileDay_reaggregatesTheEntries_ofARunPublishedBeforeDigestsWereRecorded() {
        publish(RUN);
        client.updateItem(r -> r.tableName(table)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.dayPk(DATE)), Keys.SK, AttributeValue.fromS(Keys.runSk(RUN))))
                .updateExpression("REMOVE " + StoredDigests.SHARDS + ", " + StoredDigests.SUMMARY));
        assertThat(store.checkStoredJournal(DATE)).isEmpty();
        assertThat(close.reconcileDay(DATE).entries()).isEqualTo(day.entries().size());

        List<SummaryLine> tampered = lastLineMovedTo9999(day.summary());
        SummaryLine moved = day.summary().getLast();
        SummaryPages.toItems(DATE, RUN, tampered).forEach(this::put);
        assertThatThrownBy(() -> close.reconcileDay(DATE))
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("account 9999 department " + moved.department() + " tax " + moved.taxCode())
                .hasMessageContaining("summary debit");
    }

    /** {@code summary} with its last line moved to account 9999: the same totals, another account. */
    private static List<SummaryLine> lastLineMovedTo9999(List<SummaryLine> summary) {
        List<SummaryLine> tampered = new ArrayList<>(summary);
        SummaryLine moved = tampered.remove(tampered.size() - 1);
        tampered.add(new SummaryLine("9999", moved.department(), moved.taxCode(), moved.currency(), moved.debit(),
                moved.credit()));
        return tampered;
    }
}
