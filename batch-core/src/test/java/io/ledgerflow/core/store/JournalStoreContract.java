package io.ledgerflow.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.core.billing.BillingCsvReader;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.JournalRun;
import io.ledgerflow.core.journal.Journalizer;
import io.ledgerflow.core.journal.RunTotals;
import io.ledgerflow.core.rules.Rules;
import io.ledgerflow.core.rules.RulesLoader;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of runs and periods that every {@link JournalStore} adapter must keep, run against each
 * adapter by a subclass: DynamoDB Local ({@code DynamoDbJournalStoreContractTests}) and memory
 * ({@link InMemoryJournalStoreContractTests}).
 */
public abstract class JournalStoreContract {

    static final LocalDate DATE = LocalDate.parse("2026-11-20");
    static final YearMonth MONTH = YearMonth.from(DATE);
    static final LocalDate RULE_SET = LocalDate.parse("2026-04-01");
    static final String FILE_A = "a".repeat(64);
    static final String FILE_B = "b".repeat(64);

    /** A journalized day: its entries and totals. */
    record Day(List<JournalEntry> entries, RunTotals totals) {
        RunCompletion completion() {
            return RunCompletion.of(totals);
        }

        List<SummaryLine> summary() {
            return DaySummaries.of(entries);
        }
    }

    static Day first;
    static Day second;

    /** A fresh, empty store of the adapter under test, set by the subclass before each test. */
    protected JournalStore store;

    @BeforeAll
    static void journalize() {
        first = day(41);
        second = day(42);
    }

    static Day day(long seed) {
        Rules rules = RulesLoader.load(Path.of("..", "fixtures", "rules.yaml"));
        StringWriter billing = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(DATE, 120, seed, 0.0, 0.1)).write(billing);
        byte[] bytes = billing.toString().getBytes(StandardCharsets.UTF_8);
        try (BillingCsvReader reader = BillingCsvReader.open(new ByteArrayInputStream(bytes), "generated", StandardCharsets.UTF_8)) {
            JournalRun run = Journalizer.journalize(rules, DATE, reader);
            List<JournalEntry> entries = new ArrayList<>();
            RunTotals totals = run.post(entries::add);
            return new Day(entries, totals);
        }
    }

    static RunRequest daily(String runId, String file) {
        return new RunRequest(runId, DATE, RULE_SET, "scheduler", "daily run", RunKind.DAILY, file);
    }

    static RunRequest rerun(String runId, String file) {
        return new RunRequest(runId, DATE, RULE_SET, "hanako", "corrected site file", RunKind.RERUN, file);
    }

    RunRecord publish(RunRequest request, Day day) {
        store.beginRun(request);
        store.writeEntries(DATE, request.runId(), day.entries());
        return store.publishRun(DATE, request.runId(), day.completion(), day.summary());
    }

    void close(YearMonth month) {
        store.transitionPeriod(month, PeriodState.OPEN, PeriodState.CLOSING, "keiko", "close");
        store.transitionPeriod(month, PeriodState.CLOSING, PeriodState.CLOSED, "keiko", "reconciled");
    }

    @Test
    void beginRun_isRefused_whenTheMonthIsNotOpen() {
        close(MONTH);

        assertThatThrownBy(() -> store.beginRun(daily("daily-1", FILE_A)))
                .isInstanceOf(PeriodNotOpenException.class)
                .hasMessage("run daily-1 for 2026-11-20 refused: period 2026-11 is CLOSED, not OPEN");
        assertThat(store.runs(DATE)).isEmpty();
    }

    @Test
    void beginRun_resumesAStartedRun_andRefusesAnIdThatFinished() {
        RunRecord begun = store.beginRun(daily("daily-1", FILE_A));
        assertThat(store.beginRun(daily("daily-1", FILE_A))).isEqualTo(begun);

        store.failRun(DATE, "daily-1", "worker crashed");

        assertThatThrownBy(() -> store.beginRun(daily("daily-1", FILE_A)))
                .isInstanceOf(RunStateException.class).hasMessageContaining("already exists and is FAILED");
    }

    @Test
    void publishRun_makesTheRunCurrent_andARerunReplacesIt() {
        publish(daily("daily-1", FILE_A), first);

        RunRecord rerun = publish(rerun("rerun-1", FILE_B), second);

        assertThat(rerun.previousRunId()).isEqualTo("daily-1");
        assertThat(store.currentRun(DATE).orElseThrow().runId()).isEqualTo("rerun-1");
        assertThat(store.run(DATE, "daily-1").orElseThrow().status()).isEqualTo(RunStatus.SUPERSEDED);
        assertThat(store.journal(DATE)).hasSize(second.entries().size());
        assertThat(store.summary(DATE)).isEqualTo(second.summary());
    }

    @Test
    void aDayRun_ofADayWithAPublishedRun_isRefused_namingThePublishedRunAndRerun() {
        publish(daily("daily-1", FILE_A), first);

        assertThatThrownBy(() -> store.beginRun(daily("sched-1", FILE_B)))
                .isInstanceOf(DayAlreadyPublishedException.class)
                .hasMessageContaining("run sched-1 for 2026-11-20 refused: the day already has published run daily-1")
                .hasMessageContaining("ledgerflow rerun --date 2026-11-20");
        assertThat(store.run(DATE, "sched-1")).isEmpty();
        assertThat(store.currentRun(DATE).orElseThrow().runId()).isEqualTo("daily-1");
    }

    @Test
    void aDayRun_withTheFileOfThePublishedRun_isRecordedSkipped_andChangesNothing() {
        publish(daily("daily-1", FILE_A), first);

        RunRecord skipped = store.beginRun(daily("sched-1", FILE_A));

        assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(skipped.previousRunId()).isEqualTo("daily-1");
        assertThat(skipped.failure()).contains("same input file");
        assertThat(store.beginRun(daily("sched-1", FILE_A))).isEqualTo(skipped);
        assertThat(store.currentRun(DATE).orElseThrow().runId()).isEqualTo("daily-1");
        assertThatThrownBy(() -> store.writeEntries(DATE, "sched-1", first.entries()))
                .isInstanceOf(RunStateException.class).hasMessageContaining("SKIPPED");
        assertThatThrownBy(() -> store.publishRun(DATE, "sched-1", first.completion(), first.summary()))
                .isInstanceOf(RunStateException.class).hasMessageContaining("only a STARTED run can be published");
    }

    @Test
    void aDayRunOfUnknownFile_isRefused_evenWhenThePublishedRunsFileIsUnknownToo() {
        publish(daily("daily-1", null), first);

        assertThatThrownBy(() -> store.beginRun(daily("sched-1", null))).isInstanceOf(DayAlreadyPublishedException.class);
    }

    @Test
    void twoDayRuns_begunBeforeEitherPublished_publishOnce() {
        store.beginRun(daily("daily-1", FILE_A));
        store.beginRun(daily("sched-1", FILE_B));
        store.writeEntries(DATE, "daily-1", first.entries());
        store.writeEntries(DATE, "sched-1", second.entries());
        store.publishRun(DATE, "daily-1", first.completion(), first.summary());

        assertThatThrownBy(() -> store.publishRun(DATE, "sched-1", second.completion(), second.summary()))
                .isInstanceOf(ConcurrentRunException.class).hasMessageContaining("daily-1 has been published since");
        assertThat(store.run(DATE, "sched-1").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(store.currentRun(DATE).orElseThrow().runId()).isEqualTo("daily-1");
    }

    @Test
    void aRerun_needsAReason() {
        assertThatThrownBy(() -> new RunRequest("rerun-1", DATE, RULE_SET, "hanako", " ", RunKind.RERUN, FILE_A))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a reason");
        assertThat(new RunRequest("rerun-2026-11-20-1", DATE, RULE_SET, "x", "why").kind()).isEqualTo(RunKind.RERUN);
        assertThat(new RunRequest("sched-2026-11-20", DATE, RULE_SET, "x", "").kind()).isEqualTo(RunKind.DAILY);
    }

    @Test
    void publishRun_isRefused_whenTheMonthClosedMeanwhile_andTheRunIsFailed() {
        store.beginRun(daily("daily-1", FILE_A));
        store.writeEntries(DATE, "daily-1", first.entries());
        close(MONTH);

        assertThatThrownBy(() -> store.publishRun(DATE, "daily-1", first.completion(), first.summary()))
                .isInstanceOf(PeriodNotOpenException.class);
        assertThat(store.run(DATE, "daily-1").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(store.currentRun(DATE)).isEmpty();
    }

    @Test
    void publishRun_refusesAnIncompleteRun_andAPublishedRunIsReturnedUnchanged() {
        store.beginRun(daily("daily-1", FILE_A));
        store.writeEntries(DATE, "daily-1", first.entries().subList(1, first.entries().size()));
        assertThatThrownBy(() -> store.publishRun(DATE, "daily-1", first.completion(), first.summary()))
                .isInstanceOf(RunIncompleteException.class).hasMessageContaining("entries stored but reports");

        // The missing entry, written on its own (a store may pack a write's entries together, so
        // writing the others again in another grouping is not what a retried worker does).
        store.writeEntries(DATE, "daily-1", first.entries().subList(0, 1));
        RunRecord published = store.publishRun(DATE, "daily-1", first.completion(), first.summary());
        assertThat(store.publishRun(DATE, "daily-1", first.completion(), first.summary())).isEqualTo(published);
    }

    @Test
    void publishRun_withTheWritersReceipts_recordsWhatTheCloseChecks_andRefusesAnItemNeverStored() {
        store.beginRun(daily("daily-1", FILE_A));
        int half = first.entries().size() / 2;
        WrittenItems a = store.writeEntries(DATE, "daily-1", first.entries().subList(0, half));
        WrittenItems b = store.writeEntries(DATE, "daily-1", first.entries().subList(half, first.entries().size()));
        WrittenItems written = WrittenItems.merge(List.of(a, b));
        assertThat(written.entries()).isEqualTo(first.entries().size());
        assertThat(written.summary()).isEqualTo(first.summary());

        WrittenItems forged = new WrittenItems(java.util.stream.Stream.concat(written.items().stream(),
                java.util.stream.Stream.of(new WrittenItem(0, "never-written", 0, "0".repeat(64)))).toList(), written.summary());
        assertThatThrownBy(() -> store.publishRun(DATE, "daily-1", first.completion(), first.summary(), forged))
                .isInstanceOf(RunIncompleteException.class).hasMessageContaining("not published");
        assertThat(store.checkStoredJournal(DATE)).isEmpty();

        store.publishRun(DATE, "daily-1", first.completion(), first.summary(), written);
        StoredJournalCheck check = store.checkStoredJournal(DATE).orElseThrow();
        assertThat(check.runId()).isEqualTo("daily-1");
        assertThat(check.entries()).isEqualTo(first.entries().size());
        assertThat(check.summary()).isEqualTo(first.summary());
    }

    @Test
    void purgeEntries_onlyForSupersededOrFailedRuns() {
        publish(daily("daily-1", FILE_A), first);
        assertThatThrownBy(() -> store.purgeEntries(DATE, "daily-1", 1000))
                .isInstanceOf(RunStateException.class).hasMessageContaining("only SUPERSEDED or FAILED runs are purged");
        publish(rerun("rerun-1", FILE_B), second);

        while (store.purgeEntries(DATE, "daily-1", 1000) > 0) {
            // until nothing is left
        }

        assertThat(store.run(DATE, "daily-1").orElseThrow().status()).isEqualTo(RunStatus.PURGED);
        assertThat(store.purgeEntries(DATE, "daily-1", 1000)).isZero();
        assertThat(store.journal(DATE)).hasSize(second.entries().size());
    }

    @Test
    void aMonthMovesOneStepAtATime_fromTheStateItIsIn() {
        assertThatThrownBy(() -> store.transitionPeriod(MONTH, PeriodState.OPEN, PeriodState.CLOSED))
                .isInstanceOf(PeriodTransitionException.class).hasMessageContaining("the only step from OPEN is to CLOSING");
        assertThatThrownBy(() -> store.transitionPeriod(MONTH, PeriodState.CLOSING, PeriodState.CLOSED))
                .isInstanceOf(PeriodTransitionException.class).hasMessageContaining("is OPEN, not CLOSING");
        assertThatThrownBy(() -> store.markExported(MONTH, 1, "keiko", "exported"))
                .isInstanceOf(PeriodTransitionException.class).hasMessageContaining("is OPEN, not CLOSED");

        close(MONTH);
        store.markExported(MONTH, 7, "keiko", "exported as batch 7");

        PeriodRecord period = store.period(MONTH);
        assertThat(period.state()).isEqualTo(PeriodState.EXPORTED);
        assertThat(period.exportBatches()).containsExactly(7L);
        assertThat(period.history()).extracting(PeriodEvent::to)
                .containsExactly(PeriodState.CLOSING, PeriodState.CLOSED, PeriodState.EXPORTED);
    }

    @Test
    void reopen_needsWhoAndWhy_refusesAnOpenMonth_andKeepsTheExportBatchesOfAnExportedOne() {
        assertThatThrownBy(() -> store.reopenPeriod(MONTH, "keiko", "why"))
                .isInstanceOf(PeriodTransitionException.class).hasMessageContaining("already OPEN");
        close(MONTH);
        store.recordExportBatch(MONTH, 3, "ledgerflow", "batch 3 committed");
        store.recordExportBatch(MONTH, 3, "ledgerflow", "batch 3 committed");
        assertThat(store.period(MONTH).state()).isEqualTo(PeriodState.CLOSED);
        store.markExported(MONTH, 3, "keiko", "exported as batch 3");
        assertThatThrownBy(() -> store.reopenPeriod(MONTH, "keiko", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs who and why");

        assertThat(store.reopenPeriod(MONTH, "keiko", "late credit note")).isEqualTo(PeriodState.EXPORTED);

        PeriodRecord period = store.period(MONTH);
        assertThat(period.state()).isEqualTo(PeriodState.OPEN);
        assertThat(period.exportBatches()).containsExactly(3L);
        assertThat(period.exported()).isTrue();
        assertThat(period.history()).last().satisfies(e -> {
            assertThat(e.from()).isEqualTo(PeriodState.EXPORTED);
            assertThat(e.by()).isEqualTo("keiko");
            assertThat(e.reason()).isEqualTo("late credit note");
        });
        // an adjustment reopen lets the day be rerun
        publish(rerun("rerun-1", FILE_B), second);
        assertThat(store.currentRun(DATE).orElseThrow().runId()).isEqualTo("rerun-1");
    }

    // --- a day marked as having no file -------------------------------------------------------

    @Test
    void markNoFile_recordsWhoWhenAndWhy_andDayStatusCountsTheDayAccountedFor() {
        NoFileMark mark = store.markNoFile(DATE, "hanako", "site TYO-01 closed for the holiday");

        NoFileRecord stored = store.noFile(DATE);
        assertThat(stored.mark()).contains(mark);
        assertThat(mark.by()).isEqualTo("hanako");
        assertThat(mark.reason()).isEqualTo("site TYO-01 closed for the holiday");
        assertThat(stored.history()).extracting(NoFileEvent::action, NoFileEvent::by, NoFileEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NO_FILE", "hanako", "site TYO-01 closed for the holiday"));
        DayStatus day = DayStatus.of(store, DATE);
        assertThat(day.markedNoFile()).contains(mark);
        assertThat(day.accountedFor()).isTrue();
        assertThat(DayStatus.of(store, DATE.plusDays(1)).accountedFor()).isFalse();
        assertThat(store.noFile(DATE.plusDays(1))).isEqualTo(NoFileRecord.none(DATE.plusDays(1)));
    }

    @Test
    void markNoFile_isRefused_forADayWithAPublishedRun_twice_andWithoutAReason() {
        assertThatThrownBy(() -> store.markNoFile(DATE, "hanako", "  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs who and why");
        store.markNoFile(DATE.plusDays(1), "hanako", "no delivery");
        assertThatThrownBy(() -> store.markNoFile(DATE.plusDays(1), "taro", "again"))
                .isInstanceOf(NoFileRefusedException.class)
                .hasMessageContaining("2026-11-21 is already marked as having no file (by hanako");
        publish(daily("daily-1", FILE_A), first);

        assertThatThrownBy(() -> store.markNoFile(DATE, "hanako", "no delivery"))
                .isInstanceOf(NoFileRefusedException.class)
                .hasMessage("2026-11-20 has a published run (daily-1, requested by scheduler); a day with a file is not"
                        + " marked as having none");
        assertThat(store.noFile(DATE).history()).isEmpty();
        assertThat(store.noFile(DATE.plusDays(1)).history()).hasSize(1);
    }

    @Test
    void markAndUnmark_areRefused_whenTheMonthIsNotOpen() {
        store.markNoFile(DATE.plusDays(1), "hanako", "no delivery");
        close(MONTH);

        assertThatThrownBy(() -> store.markNoFile(DATE, "hanako", "no delivery"))
                .isInstanceOf(PeriodNotOpenException.class)
                .hasMessage("marking 2026-11-20 as having no file refused: period 2026-11 is CLOSED, not OPEN");
        assertThatThrownBy(() -> store.unmarkNoFile(DATE.plusDays(1), "hanako", "file found"))
                .isInstanceOf(PeriodNotOpenException.class)
                .hasMessage("unmarking 2026-11-21 refused: period 2026-11 is CLOSED, not OPEN");
        assertThat(store.noFile(DATE)).isEqualTo(NoFileRecord.none(DATE));
        assertThat(store.noFile(DATE.plusDays(1)).mark()).isPresent();
    }

    @Test
    void unmarkNoFile_takesTheMarkBack_keepingBothInTheHistory_andAnUnmarkedDayIsRefused() {
        assertThatThrownBy(() -> store.unmarkNoFile(DATE, "hanako", "file found"))
                .isInstanceOf(NoFileRefusedException.class).hasMessage("2026-11-20 is not marked as having no file");
        store.markNoFile(DATE, "hanako", "no delivery");

        store.unmarkNoFile(DATE, "taro", "the file was in the wrong folder");

        NoFileRecord stored = store.noFile(DATE);
        assertThat(stored.mark()).isEmpty();
        assertThat(stored.history()).extracting(NoFileEvent::action, NoFileEvent::by)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NO_FILE", "hanako"),
                        org.assertj.core.groups.Tuple.tuple("NO_FILE_UNMARKED", "taro"));
        assertThat(stored.history().get(1).reason()).isEqualTo("the file was in the wrong folder");
        assertThat(DayStatus.of(store, DATE).accountedFor()).isFalse();
        // marked again after the unmark, with a new reason
        assertThat(store.markNoFile(DATE, "hanako", "confirmed with the site").reason()).isEqualTo("confirmed with the site");
    }

    @Test
    void aRunPublishedForAMarkedDay_outranksTheMark() {
        NoFileMark mark = store.markNoFile(DATE, "hanako", "no delivery");

        publish(daily("daily-1", FILE_A), first);

        DayStatus day = DayStatus.of(store, DATE);
        assertThat(day.markedNoFile()).isEmpty();
        assertThat(day.accountedFor()).isTrue();
        assertThat(store.noFile(DATE).mark()).contains(mark); // still on record, for the audit
    }
}
