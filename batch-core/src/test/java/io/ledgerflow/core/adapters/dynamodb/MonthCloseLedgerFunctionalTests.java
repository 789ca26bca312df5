package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.FaultInjectingDynamoDbClient;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.adapters.postgres.PostgresLedgerExport;
import io.ledgerflow.core.adapters.postgres.local.EmbeddedLedgerDatabase;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.ExportMismatchException;
import io.ledgerflow.core.close.ExportRequest;
import io.ledgerflow.core.close.LedgerExport;
import io.ledgerflow.core.close.LedgerLine;
import io.ledgerflow.core.close.LedgerLines;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodState;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly close against the ledger as the truth after an export, on the real engines (DynamoDB
 * Local, an embedded PostgreSQL): its steps run in the order of monthly-close.asl.json, and a
 * failed step goes to RecordFailure as the workflow's Catch does.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class MonthCloseLedgerFunctionalTests {

    static final YearMonth MONTH = YearMonth.parse("2026-11");
    static final LocalDate DAY_1 = LocalDate.parse("2026-11-19");
    static final LocalDate DAY_2 = LocalDate.parse("2026-11-20");
    static final AtomicInteger LEDGERS = new AtomicInteger();

    @TempDir
    static Path data;
    static EmbeddedLedgerDatabase database;
    static Day day1;
    static Day day2;
    static Day day2Corrected;

    @TempDir
    Path objects;

    FaultInjectingDynamoDbClient faults;
    DynamoDbJournalStore store;
    LedgerExport ledger;
    MonthClose close;

    @BeforeAll
    static void start() {
        database = EmbeddedLedgerDatabase.start(data.resolve("postgres"));
        day1 = TestDays.generate(DAY_1, 150, 61);
        day2 = TestDays.generate(DAY_2, 150, 62);
        day2Corrected = TestDays.generate(DAY_2, 170, 63);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @BeforeEach
    void fresh(LocalDynamoDb dynamo) {
        faults = new FaultInjectingDynamoDbClient(dynamo.client(), 0, 0, 0);
        store = Stores.store(faults, Stores.settings(dynamo.freshTable()), new CopyOnWriteArrayList<>());
        // a ledger of its own per test: the database is shared by the class
        ledger = PostgresLedgerExport.connect(database.settings("L" + LEDGERS.incrementAndGet()));
        close = new MonthClose(store, new Attestations(new FileSystemObjectStore(objects), "ledgerflow-config"), () -> ledger);
    }

    private void publish(String runId, Day day) {
        store.beginRun(runId.startsWith("rerun-") ? Stores.rerun(runId, day.date()) : Stores.daily(runId, day.date()));
        store.writeEntries(day.date(), runId, day.entries());
        store.publishRun(day.date(), runId, day.completion(), day.summary());
    }

    /** The close workflow: Lock, ReconcileDays, MarkClosed, Export, MarkExported; any failure after the lock to RecordFailure. */
    private ExportBatch closeMonth() {
        MonthClose.Locked locked = close.lock(MONTH, "keiko");
        try {
            if (locked.stage().equals("LOCKED")) {
                locked.days().forEach(close::reconcileDay);
                close.advance(MONTH, PeriodState.CLOSING, PeriodState.CLOSED, "keiko", "every day reconciled");
            }
            ExportBatch batch = close.export(MONTH, "1000", "f".repeat(64), "keiko");
            if (!locked.stage().equals("EXPORTED")) {
                close.markExported(MONTH, batch.batchId(), "keiko", "exported as batch " + batch.batchId());
            }
            return batch;
        } catch (RuntimeException e) {
            close.recordFailure(MONTH, "keiko", e.getClass().getName() + ": " + e.getMessage());
            throw e;
        }
    }

    private List<LedgerLine> summaryNetted() {
        return LedgerLines.of(MONTH, store.summary(MONTH));
    }

    @Test
    void markExportedFailingAfterTheCommit_leavesTheMonthClosedWithTheBatch_andTheNextCloseFinishesWithOneBatch() {
        // given a month of two days, and a store that fails the update to EXPORTED
        publish("daily-1", day1);
        publish("daily-2", day2);
        faults.refuseUpdates(r -> r.hasExpressionAttributeValues() && r.expressionAttributeValues().containsKey(":to")
                && "EXPORTED".equals(r.expressionAttributeValues().get(":to").s()));

        // when the close fails at MarkExported, after the export committed
        assertThatThrownBy(this::closeMonth).hasMessageContaining("injected: the update failed");

        // then the month is CLOSED (not OPEN: the ledger holds it) with the batch on record
        ExportBatch first = ledger.batch(MONTH).orElseThrow();
        assertThat(store.period(MONTH).state()).isEqualTo(PeriodState.CLOSED);
        assertThat(store.period(MONTH).exportBatches()).containsExactly(first.batchId());
        assertThat(store.period(MONTH).history()).last().extracting(PeriodEvent::reason).asString()
                .contains("close failed after the export committed batch " + first.batchId())
                .contains("close again to mark it EXPORTED");
        assertThatThrownBy(() -> store.beginRun(Stores.rerun("rerun-1", DAY_2)))
                .hasMessageContaining("period 2026-11 is CLOSED, not OPEN");

        // when the month is closed again with the store working
        faults.refuseUpdates(r -> false);
        ExportBatch again = closeMonth();

        // then it is EXPORTED with the one batch, written once
        assertThat(again.batchId()).isEqualTo(first.batchId());
        assertThat(again.created()).isFalse();
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.EXPORTED);
        assertThat(ledger.batches(MONTH)).hasSize(1);
        assertThat(ledger.lines(MONTH)).isEqualTo(summaryNetted());
    }

    @Test
    void reopeningAnExportedMonth_andRerunningADay_exportsTheDifferenceAsASecondBatch_andTheBatchesSumToTheSummary() {
        // given an exported month
        publish("daily-1", day1);
        publish("daily-2", day2);
        ExportBatch first = closeMonth();
        List<LedgerLine> firstLines = ledger.lines(MONTH);

        // when it is reopened (who, why), a day is rerun, and the month closed again
        MonthClose.Reopened reopened = close.reopen(MONTH, "keiko", "late credit note for OSA01");
        publish("rerun-2", day2Corrected);
        ExportBatch second = closeMonth();

        // then the reopen was an audited adjustment
        assertThat(reopened.was()).isEqualTo(PeriodState.EXPORTED);
        assertThat(reopened.adjustment()).isTrue();
        assertThat(store.period(MONTH).history()).filteredOn(e -> e.to() == PeriodState.OPEN).last().satisfies(e -> {
            assertThat(e.by()).isEqualTo("keiko");
            assertThat(e.reason()).startsWith("reopened for an adjustment after export (batches " + first.batchId())
                    .endsWith("late credit note for OSA01");
        });
        // and the second batch is exactly the difference, and the batches add up to the month's summary
        assertThat(second.created()).isTrue();
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.kind()).isEqualTo(ExportBatch.ADJUSTMENT);
        List<LedgerLine> difference = LedgerLines.difference(MONTH, firstLines, summaryNetted());
        assertThat(difference).isNotEmpty();
        assertThat(second.rowCount()).isEqualTo(difference.size());
        assertThat(ledger.lines(MONTH)).isEqualTo(summaryNetted());
        assertThat(store.period(MONTH).state()).isEqualTo(PeriodState.EXPORTED);
        assertThat(store.period(MONTH).exportBatches()).containsExactly(first.batchId(), second.batchId());
        // and closing again writes nothing
        assertThat(closeMonth().batchId()).isEqualTo(second.batchId());
        assertThat(ledger.batches(MONTH)).hasSize(2);
    }

    @Test
    void aLedgerBatchWithOtherContentNotOnTheMonthsRecord_isRefused_insteadOfReturnedStale() {
        // given a ledger that holds a batch of the month with other content (a close whose month was
        // changed afterwards without an audited reopen), which the month has no record of
        publish("daily-1", day1);
        ledger.export(new ExportRequest(MONTH, LedgerLines.of(MONTH, day2.summary()), "1000", "f".repeat(64), "someone"));
        publish("daily-2", day2);

        // when the month is closed, then the export refuses by content and writes nothing
        assertThatThrownBy(this::closeMonth).isInstanceOf(ExportMismatchException.class)
                .hasMessageContaining("holds batch")
                .hasMessageContaining("differ from the month's summary")
                .hasMessageContaining("ledgerflow reopen --month 2026-11");
        assertThat(ledger.batches(MONTH)).hasSize(1);
        assertThat(ledger.lines(MONTH)).isNotEqualTo(summaryNetted());
        // and the month went back to OPEN: this close's export did not commit
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.OPEN);
    }

    @Test
    void reopeningAClosedMonth_looksAtTheLedger_andABatchFoundThereMakesItAnAdjustment() {
        // given a CLOSED month whose batch is in the ledger but not on its record
        publish("daily-1", day1);
        close.lock(MONTH, "keiko");
        close.reconcileDay(DAY_1);
        close.advance(MONTH, PeriodState.CLOSING, PeriodState.CLOSED, "keiko", "reconciled");
        ExportBatch batch = ledger.export(new ExportRequest(MONTH, summaryNetted(), "1000", "f".repeat(64), "keiko"));

        MonthClose.Reopened reopened = close.reopen(MONTH, "keiko", "wrong site code on the 19th");

        assertThat(reopened.was()).isEqualTo(PeriodState.CLOSED);
        assertThat(reopened.exportBatches()).containsExactly(batch.batchId());
        assertThat(store.period(MONTH).exportBatches()).containsExactly(batch.batchId());
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.OPEN);
    }

    @Test
    void aMonthWithNothingToExport_isClosedAndExportedAsAnEmptyBatch() {
        // given a month with no run at all

        ExportBatch batch = closeMonth();

        assertThat(batch.created()).isTrue();
        assertThat(batch.rowCount()).isZero();
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.EXPORTED);
        assertThat(store.period(MONTH).exportBatches()).containsExactly(batch.batchId());
        assertThat(ledger.lines(MONTH)).isEmpty();
        assertThat(closeMonth().batchId()).isEqualTo(batch.batchId());
    }
}
