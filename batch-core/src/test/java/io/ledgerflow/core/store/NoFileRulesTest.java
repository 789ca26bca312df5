package io.ledgerflow.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoFileRulesTest {

    static final LocalDate DATE = LocalDate.parse("2026-06-01");
    static final Instant NOW = Instant.parse("2026-06-02T01:00:00Z");
    static final RunRecord PUBLISHED = new RunRecord("daily-2026-06-01", DATE, RunStatus.COMPLETED, null, 16,
            LocalDate.parse("2026-04-01"), "scheduler", "", NOW, NOW, null, null, null);
    static final NoFileMark MARK = new NoFileMark(DATE, "hanako", "site closed", NOW);

    @Test
    void mark_recordsWhoAndWhyStripped_atTheGivenTime() {
        NoFileMark mark = NoFileRules.mark(DATE, PeriodState.OPEN, Optional.empty(), Optional.empty(), " hanako ",
                " site closed ", NOW);

        assertThat(mark).isEqualTo(MARK);
    }

    @Test
    void mark_isRefused_inAMonthThatIsNotOpen() {
        for (PeriodState state : new PeriodState[] {PeriodState.CLOSING, PeriodState.CLOSED, PeriodState.EXPORTED}) {
            assertThatThrownBy(() -> NoFileRules.mark(DATE, state, Optional.empty(), Optional.empty(), "hanako", "why", NOW))
                    .isInstanceOf(PeriodNotOpenException.class)
                    .hasMessage("marking 2026-06-01 as having no file refused: period 2026-06 is " + state + ", not OPEN");
        }
    }

    @Test
    void mark_isRefused_forADayWithAPublishedRun_orMarkedAlready() {
        assertThatThrownBy(() -> NoFileRules.mark(DATE, PeriodState.OPEN, Optional.of(PUBLISHED), Optional.empty(),
                "hanako", "why", NOW)).isInstanceOf(NoFileRefusedException.class)
                .hasMessageContaining("has a published run (daily-2026-06-01, requested by scheduler)");
        assertThatThrownBy(() -> NoFileRules.mark(DATE, PeriodState.OPEN, Optional.empty(), Optional.of(MARK),
                "taro", "why", NOW)).isInstanceOf(NoFileRefusedException.class)
                .hasMessageContaining("already marked as having no file (by hanako at 2026-06-02T01:00:00Z: site closed)");
    }

    @Test
    void markAndUnmark_needWhoAndWhy_withinTheirLimits() {
        assertThatThrownBy(() -> NoFileRules.mark(DATE, PeriodState.OPEN, Optional.empty(), Optional.empty(), "hanako", null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("marking 2026-06-01 as having no file needs who and why (both recorded)");
        assertThatThrownBy(() -> NoFileRules.mark(DATE, PeriodState.OPEN, Optional.empty(), Optional.empty(), " ", "why", NOW))
                .isInstanceOf(IllegalArgumentException.class);
        String tooLong = "x".repeat(NoFileRules.REASON_CHARS_MAX + 1);
        assertThatThrownBy(() -> NoFileRules.mark(DATE, PeriodState.OPEN, Optional.empty(), Optional.empty(), "hanako", tooLong, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 500 characters");
        assertThatThrownBy(() -> NoFileRules.unmark(DATE, PeriodState.OPEN, Optional.of(MARK), "taro", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unmarking 2026-06-01 (no file) needs who and why (both recorded)");
    }

    @Test
    void unmark_returnsTheMark_andIsRefusedWhenNotMarked_orTheMonthIsNotOpen() {
        assertThat(NoFileRules.unmark(DATE, PeriodState.OPEN, Optional.of(MARK), "taro", "file found")).isEqualTo(MARK);
        assertThatThrownBy(() -> NoFileRules.unmark(DATE, PeriodState.OPEN, Optional.empty(), "taro", "file found"))
                .isInstanceOf(NoFileRefusedException.class).hasMessage("2026-06-01 is not marked as having no file");
        assertThatThrownBy(() -> NoFileRules.unmark(DATE, PeriodState.CLOSED, Optional.of(MARK), "taro", "file found"))
                .isInstanceOf(PeriodNotOpenException.class);
    }

    @Test
    void aPublishedRun_outranksTheMark() {
        assertThat(NoFileRules.inForce(Optional.of(MARK), Optional.empty())).contains(MARK);
        assertThat(NoFileRules.inForce(Optional.of(MARK), Optional.of(PUBLISHED))).isEmpty();
        assertThat(NoFileRules.inForce(Optional.empty(), Optional.empty())).isEmpty();
    }
}
