package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.core.close.Attestation;
import io.ledgerflow.core.close.Attestations;
import io.ledgerflow.core.close.CloseRefusedException;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.close.ReconciliationException;
import io.ledgerflow.core.close.ReleaseNotVerifiedException;
import io.ledgerflow.core.store.PeriodEvent;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.RunIncompleteException;
import io.ledgerflow.core.store.SummaryLine;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The monthly close's steps against the real store (DynamoDB Local): verify, lock, reconcile, reopen. */
@ExtendWith(DynamoDbLocalExtension.class)
class MonthCloseStoreTests {

    static final YearMonth MONTH = YearMonth.parse("2026-11");
    static final LocalDate DAY_1 = LocalDate.parse("2026-11-19");
    static final LocalDate DAY_2 = LocalDate.parse("2026-11-20");
    static Day day1;
    static Day day2;

    @TempDir
    Path objects;

    DynamoDbJournalStore store;
    software.amazon.awssdk.services.dynamodb.DynamoDbClient client;
    String table;
    Attestations attestations;
    MonthClose close;

    @BeforeAll
    static void journalize() {
        day1 = TestDays.generate(DAY_1, 200, 21);
        day2 = TestDays.generate(DAY_2, 200, 22);
    }

    @BeforeEach
    void fresh(LocalDynamoDb dynamo) {
        client = dynamo.client();
        table = dynamo.freshTable();
        store = Stores.store(client, table);
        attestations = new Attestations(new FileSystemObjectStore(objects), "ledgerflow-config");
        close = new MonthClose(store, attestations, () -> {
            throw new AssertionError("these steps never touch the ledger database");
        });
    }

    private void publish(String runId, Day day, List<SummaryLine> summary) {
        store.beginRun(Stores.daily(runId, day.date()));
        store.writeEntries(day.date(), runId, day.entries());
        store.publishRun(day.date(), runId, day.completion(), summary);
    }

    @Test
    void verifyRelease_needsAnAttestationForTheRunningCode_orAnOverrideThatIsRecorded() {
        assertThatThrownBy(() -> close.verifyRelease(MONTH, "f".repeat(64), null))
                .isInstanceOf(ReleaseNotVerifiedException.class)
                .hasMessageContaining("no passing CI stage-2 attestation");

        MonthClose.Verified overridden = close.verifyRelease(MONTH, "f".repeat(64),
                new MonthClose.Override("cfo", "hotfix verified by hand"));
        assertThat(overridden.attested()).isFalse();
        PeriodEvent note = store.period(MONTH).history().get(0);
        assertThat(note.by()).isEqualTo("cfo");
        assertThat(note.reason()).contains("without a CI stage-2 attestation").contains("hotfix verified by hand");
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.OPEN);

        attestations.put(new Attestation("a".repeat(64), "b".repeat(64), Attestation.PASSED, "stage 2", "ci", Instant.now()));
        assertThat(close.verifyRelease(MONTH, "a".repeat(64), null).attested()).isTrue();
        attestations.put(new Attestation("c".repeat(64), "b".repeat(64), "FAILED", "stage 2", "ci", Instant.now()));
        assertThatThrownBy(() -> close.verifyRelease(MONTH, "c".repeat(64), null))
                .isInstanceOf(ReleaseNotVerifiedException.class);
    }

    @Test
    void lock_listsTheDaysToReconcileAndTheDaysWithoutARun() {
        publish("daily-2026-11-19", day1, day1.summary());
        publish("daily-2026-11-20", day2, day2.summary());

        MonthClose.Locked locked = close.lock(MONTH, "keiko");

        assertThat(locked.stage()).isEqualTo("LOCKED");
        assertThat(locked.days()).containsExactly(DAY_1, DAY_2);
        assertThat(locked.daysWithoutRun()).hasSize(28).doesNotContain(DAY_1, DAY_2);
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.CLOSING);
        assertThat(store.period(MONTH).history()).last().extracting(PeriodEvent::by).isEqualTo("keiko");
        assertThatThrownBy(() -> close.lock(MONTH, "someone"))
                .isInstanceOf(CloseRefusedException.class).hasMessageContaining("is CLOSING");
    }

    @Test
    void lock_isRefusedWhileADayIsRunning_orFailedWithoutALaterSuccess() {
        publish("daily-2026-11-19", day1, day1.summary());
        store.beginRun(Stores.daily("daily-2026-11-20", DAY_2));

        assertThatThrownBy(() -> close.lock(MONTH, "keiko"))
                .isInstanceOf(CloseRefusedException.class)
                .hasMessageContaining("2026-11-20 has run daily-2026-11-20 still running");

        store.failRun(DAY_2, "daily-2026-11-20", "RejectThresholdExceededException: 3 % quarantined");
        assertThatThrownBy(() -> close.lock(MONTH, "keiko"))
                .isInstanceOf(CloseRefusedException.class)
                .hasMessageContaining("2026-11-20 has run daily-2026-11-20 failed")
                .hasMessageContaining("no later successful run");
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.OPEN);

        store.beginRun(Stores.rerun("rerun-2026-11-20-1", DAY_2));
        store.writeEntries(DAY_2, "rerun-2026-11-20-1", day2.entries());
        store.publishRun(DAY_2, "rerun-2026-11-20-1", day2.completion(), day2.summary());
        assertThat(close.lock(MONTH, "keiko").days()).containsExactly(DAY_1, DAY_2);
    }

    @Test
    void reconcileDay_passesForAStoredDay_andASummaryThatDiffersFromItsEntriesIsCaught_byThePublishOrTheClose() {
        publish("daily-2026-11-19", day1, day1.summary());
        MonthClose.DayReconciled ok = close.reconcileDay(DAY_1);
        assertThat(ok.entries()).isEqualTo(day1.entries().size());
        assertThat(ok.summaryLines()).isEqualTo(day1.summary().size());

        // A summary whose totals still match the control totals but with one line on another account.
        List<SummaryLine> tampered = new ArrayList<>(day2.summary());
        SummaryLine moved = tampered.remove(tampered.size() - 1);
        tampered.add(new SummaryLine("9999", moved.department(), moved.taxCode(), moved.currency(), moved.debit(),
                moved.credit()));
        assertThatThrownBy(() -> publish("daily-2026-11-20", day2, tampered))
                .isInstanceOf(RunIncompleteException.class)
                .hasMessageContaining("run daily-2026-11-20 for 2026-11-20 not published")
                .hasMessageContaining("account 9999 department " + moved.department())
                .hasMessageContaining("account " + moved.account() + " department " + moved.department());

        // The same summary written over the published one afterwards: the close names the day.
        store.beginRun(Stores.rerun("rerun-2026-11-20-1", DAY_2));
        store.writeEntries(DAY_2, "rerun-2026-11-20-1", day2.entries());
        store.publishRun(DAY_2, "rerun-2026-11-20-1", day2.completion(), day2.summary());
        SummaryPages.toItems(DAY_2, "rerun-2026-11-20-1", tampered)
                .forEach(item -> client.putItem(r -> r.tableName(table).item(item)));
        assertThatThrownBy(() -> close.reconcileDay(DAY_2))
                .isInstanceOf(ReconciliationException.class)
                .hasMessageContaining("2026-11-20 (run rerun-2026-11-20-1) does not reconcile")
                .hasMessageContaining("is not the one published");
    }

    @Test
    void aFailedClose_returnsTheMonthToOpenWithTheReason_butNeverAnExportedOne() {
        store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING, "keiko", "close");
        assertThat(close.recordFailure(MONTH, "keiko", "ReconciliationException: 2026-11-20 ...")).isEqualTo(PeriodState.OPEN);
        assertThat(store.period(MONTH).history()).last().satisfies(e -> {
            assertThat(e.from()).isEqualTo(PeriodState.CLOSING);
            assertThat(e.to()).isEqualTo(PeriodState.OPEN);
            assertThat(e.reason()).isEqualTo("close failed: ReconciliationException: 2026-11-20 ...");
        });

        store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING);
        store.transitionPeriod(MONTH, PeriodState.CLOSING, PeriodState.CLOSED);
        assertThat(store.reopenPeriod(MONTH, "keiko", "late credit note")).isEqualTo(PeriodState.CLOSED);
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.OPEN);

        store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING);
        store.transitionPeriod(MONTH, PeriodState.CLOSING, PeriodState.CLOSED);
        store.markExported(MONTH, 1, "keiko", "exported as batch 1");
        assertThat(close.recordFailure(MONTH, "keiko", "late failure")).isEqualTo(PeriodState.EXPORTED);
        assertThat(store.period(MONTH).history()).extracting(PeriodEvent::to).containsExactly(
                PeriodState.CLOSING, PeriodState.OPEN, PeriodState.CLOSING, PeriodState.CLOSED, PeriodState.OPEN,
                PeriodState.CLOSING, PeriodState.CLOSED, PeriodState.EXPORTED);
        assertThat(store.period(MONTH).exportBatches()).containsExactly(1L);
    }
}
