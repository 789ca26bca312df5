package io.ledgerflow.console.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerViewsTests {

    @Test
    void aFailureWithLambdasErrorJson_isShownByItsMessage() {
        String recorded = "io.ledgerflow.core.daily.RejectThresholdExceededException: {\"errorMessage\":\"26 of 800 lines"
                + " quarantined, more than 1.0 %\",\"errorType\":\"x\",\"stackTrace\":[\"a\",\"b\"]}";

        assertThat(LedgerViews.failure(recorded))
                .isEqualTo("io.ledgerflow.core.daily.RejectThresholdExceededException: 26 of 800 lines quarantined, more than 1.0 %");
    }

    @Test
    void aPlainFailure_isShownAsRecorded() {
        assertThat(LedgerViews.failure("States.Timeout: the task timed out")).isEqualTo("States.Timeout: the task timed out");
        assertThat(LedgerViews.failure("Broken: {not json")).isEqualTo("Broken: {not json");
        assertThat(LedgerViews.failure(null)).isNull();
    }
}
