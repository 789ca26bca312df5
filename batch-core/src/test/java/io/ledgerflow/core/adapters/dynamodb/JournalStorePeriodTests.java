package io.ledgerflow.core.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.adapters.dynamodb.TestDays.Day;
import io.ledgerflow.core.adapters.dynamodb.testing.DynamoDbLocalExtension;
import io.ledgerflow.core.adapters.dynamodb.testing.LocalDynamoDb;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.csv.TrialBalance;
import io.ledgerflow.core.store.PeriodNotOpenException;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.PeriodTransitionException;
import io.ledgerflow.core.store.RunStatus;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Period states, refusals, and the summaries the monthly close reads. */
@ExtendWith(DynamoDbLocalExtension.class)
class JournalStorePeriodTests {

    static final YearMonth MONTH = YearMonth.parse("2026-11");
    static final LocalDate DAY_1 = LocalDate.parse("2026-11-19");
    static final LocalDate DAY_2 = LocalDate.parse("2026-11-20");
    static Day day1;
    static Day day2;
    static Day day2Corrected;

    DynamoDbJournalStore store;

    @BeforeAll
    static void journalize() {
        day1 = TestDays.generate(DAY_1, 300, 11);
        day2 = TestDays.generate(DAY_2, 300, 12);
        day2Corrected = TestDays.generate(DAY_2, 250, 13);
    }

    @BeforeEach
    void freshTable(LocalDynamoDb dynamo) {
        store = Stores.store(dynamo.client(), dynamo.freshTable());
    }

    private void publish(String runId, Day day) {
        store.beginRun(Stores.daily(runId, day.date()));
        store.writeEntries(day.date(), runId, day.entries());
        store.publishRun(day.date(), runId, day.completion(), day.summary());
    }

    @Test
    void period_movesOpenClosingClosedExported() {
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.OPEN);
        assertThat(store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING)).isEqualTo(PeriodState.CLOSING);
        assertThat(store.transitionPeriod(MONTH, PeriodState.CLOSING, PeriodState.CLOSED)).isEqualTo(PeriodState.CLOSED);
        assertThat(store.transitionPeriod(MONTH, PeriodState.CLOSED, PeriodState.EXPORTED)).isEqualTo(PeriodState.EXPORTED);
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.EXPORTED);
        assertThat(store.periodState(MONTH.plusMonths(1))).isEqualTo(PeriodState.OPEN);
    }

    @Test
    void period_refusesAStepFromTheWrongState_namingTheRealOne() {
        // given
        store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING);

        // when / then: a second closer loses
        assertThatThrownBy(() -> store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING))
                .isInstanceOf(PeriodTransitionException.class)
                .hasMessage("period 2026-11 is CLOSING, not OPEN; cannot move it to CLOSING");
        assertThatThrownBy(() -> store.transitionPeriod(MONTH, PeriodState.CLOSING, PeriodState.EXPORTED))
                .isInstanceOf(PeriodTransitionException.class)
                .hasMessageContaining("the only step from CLOSING is to CLOSED");
        assertThat(store.periodState(MONTH)).isEqualTo(PeriodState.CLOSING);
    }

    @Test
    void runIntoAMonthThatIsNotOpen_isRefusedNamingMonthAndState() {
        // given
        publish("run-1", day1);
        store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING);
        store.transitionPeriod(MONTH, PeriodState.CLOSING, PeriodState.CLOSED);

        // when / then
        assertThatThrownBy(() -> store.beginRun(Stores.rerun("rerun-1", DAY_1)))
                .isInstanceOf(PeriodNotOpenException.class)
                .hasMessage("run rerun-1 for 2026-11-19 refused: period 2026-11 is CLOSED, not OPEN");
        assertThat(store.journal(DAY_1)).isEqualTo(day1.entries());
    }

    @Test
    void monthClosingWhileARunIsUnderWay_refusesItsPublish() {
        // given a run that has written its entries
        store.beginRun(Stores.daily("run-1", DAY_1));
        store.writeEntries(DAY_1, "run-1", day1.entries());

        // when the close starts before the run publishes
        store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSING);

        // then
        assertThatThrownBy(() -> store.publishRun(DAY_1, "run-1", day1.completion(), day1.summary()))
                .isInstanceOf(PeriodNotOpenException.class)
                .hasMessage("publishing run run-1 for 2026-11-19 refused: period 2026-11 is CLOSING, not OPEN");
        assertThat(store.journal(DAY_1)).isEmpty();
        assertThat(store.runs(DAY_1).get(0).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void trialBalances_ofADayAndOfTheMonth_comeFromTheCurrentRunsSummaries() {
        // given two days, the second rerun
        publish("run-1", day1);
        publish("run-2", day2);
        store.beginRun(Stores.rerun("rerun-2", DAY_2));
        store.writeEntries(DAY_2, "rerun-2", day2Corrected.entries());
        store.publishRun(DAY_2, "rerun-2", day2Corrected.completion(), day2Corrected.summary());

        // then
        assertThat(text(store.trialBalance(DAY_1))).isEqualTo(text(balanceOf(day1.entries())));
        assertThat(text(store.trialBalance(DAY_2))).isEqualTo(text(balanceOf(day2Corrected.entries())));
        List<JournalEntry> month = new java.util.ArrayList<>(day1.entries());
        month.addAll(day2Corrected.entries());
        assertThat(text(store.trialBalance(MONTH))).isEqualTo(text(balanceOf(month)));
        assertThat(store.summary(MONTH)).isNotEmpty();
    }

    private static TrialBalance balanceOf(List<JournalEntry> entries) {
        TrialBalance balance = new TrialBalance();
        entries.forEach(balance::add);
        return balance;
    }

    private static String text(TrialBalance balance) {
        StringWriter out = new StringWriter();
        balance.write(out);
        return out.toString();
    }
}
